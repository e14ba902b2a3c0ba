import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { appDb } from "@/db";
import { buildAuthOptions } from "@/lib/auth";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth's endpoints (csrf, session, callback/credentials, signout); options need the DB secret. */
async function handler(req: NextRequest, ctx: Context): Promise<Response> {
  const { db } = await appDb();
  return NextAuth(req, ctx, await buildAuthOptions(db));
}

export { handler as GET, handler as POST };
