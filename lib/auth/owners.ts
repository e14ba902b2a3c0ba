import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { owners } from "@/db/schema";
import { hashPassword, verifyPassword } from "./password";

export type Owner = typeof owners.$inferSelect;

/** Emails compare case-insensitively and without surrounding spaces, everywhere. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "must be an email address" }));

export const ownerCredentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(12, { message: "must be at least 12 characters" }).max(1024),
});
export type OwnerCredentials = z.input<typeof ownerCredentialsSchema>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates the owner with this email, or sets a new password if it exists. */
export async function upsertOwner(
  db: Db,
  input: OwnerCredentials,
): Promise<{ owner: Owner; created: boolean }> {
  const { email, password } = ownerCredentialsSchema.parse(input);
  const passwordHash = await hashPassword(password);
  const existing = await findOwnerByEmail(db, email);
  if (existing) {
    const [owner] = await db
      .update(owners)
      .set({ passwordHash })
      .where(eq(owners.id, existing.id))
      .returning();
    return { owner: owner!, created: false };
  }
  const [owner] = await db.insert(owners).values({ id: randomUUID(), email, passwordHash }).returning();
  return { owner: owner!, created: true };
}

export async function findOwnerByEmail(db: Db, email: string): Promise<Owner | null> {
  const [row] = await db
    .select()
    .from(owners)
    .where(eq(owners.email, normalizeEmail(email)))
    .limit(1);
  return row ?? null;
}

export async function findOwnerById(db: Db, id: string): Promise<Owner | null> {
  const [row] = await db.select().from(owners).where(eq(owners.id, id)).limit(1);
  return row ?? null;
}

export async function countOwners(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number | string>`count(*)` }).from(owners);
  return Number(row?.n ?? 0);
}

// Unknown emails still pay for one scrypt run, so response time does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;

/** The owner when email and password match, else null; takes about the same time either way. */
export async function verifyOwnerPassword(db: Db, email: string, password: string): Promise<Owner | null> {
  const owner = await findOwnerByEmail(db, email);
  decoyHash ??= hashPassword("decoy password for unknown emails");
  const ok = await verifyPassword(password, owner?.passwordHash ?? (await decoyHash));
  return owner && ok ? owner : null;
}
