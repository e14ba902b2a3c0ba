import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import { systemClock, type Clock } from "@/lib/time";

/*
 * API tokens for scripts and integrations: `kosha_` + 32 random bytes in base64url (43 chars).
 * Only the SHA-256 is stored (a token has 256 bits of entropy, so a fast hash is enough, unlike a
 * password); the token itself is shown once, at creation.
 */
export const API_TOKEN_PREFIX = "kosha_";
const TOKEN_PATTERN = /^kosha_[A-Za-z0-9_-]{43}$/;
/** How much of the token the list shows, so the owner can tell tokens apart. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;
/** last_used_at is a hint, not an audit log: writing it at most once a minute keeps reads cheap. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, { message: "give the token a name" }).max(100),
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
/** What the API and the settings page show: everything but the hash. */
export type ApiTokenView = Omit<ApiTokenRow, "tokenHash">;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function toView({ tokenHash: _hash, ...view }: ApiTokenRow): ApiTokenView {
  return view;
}

/** Creates a token; the plain token is in the result and nowhere else, ever. */
export async function createApiToken(
  db: Db,
  input: z.input<typeof createApiTokenSchema>,
  clock: Clock = systemClock,
): Promise<{ token: string } & ApiTokenView> {
  const { name } = createApiTokenSchema.parse(input);
  const token = generateApiToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      id: randomUUID(),
      name,
      tokenHash: hashApiToken(token),
      prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      createdAt: clock.now(),
    })
    .returning();
  return { token, ...toView(row!) };
}

/** Every token, newest first, revoked ones included (marked by revokedAt). */
export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map(toView);
}

/** Revokes a token; null when no token has this id. Revoking twice keeps the first revokedAt. */
export async function revokeApiToken(
  db: Db,
  id: string,
  clock: Clock = systemClock,
): Promise<ApiTokenView | null> {
  await db
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return row ? toView(row) : null;
}

/** The live (not revoked) token row for a presented token, else null; notes when it was last used. */
export async function verifyApiToken(
  db: Db,
  token: string,
  clock: Clock = systemClock,
): Promise<ApiTokenView | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  // Looked up by hash: the comparison happens on a digest, so its timing says nothing about the token.
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
    row.lastUsedAt = now;
  }
  return toView(row);
}
