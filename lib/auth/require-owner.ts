import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { appDb } from "@/db";
import type { SessionIdentity } from "./identity";
import { ownerFromSessionCookies } from "./session";

/** For server components: the signed-in owner, or null. */
export async function currentOwner(): Promise<SessionIdentity | null> {
  const { db } = await appDb();
  return ownerFromSessionCookies(db, (await cookies()).getAll());
}

/** For server components and pages: the signed-in owner, or a redirect to /login. */
export async function requireOwner(): Promise<SessionIdentity> {
  const owner = await currentOwner();
  if (!owner) redirect("/login");
  return owner;
}
