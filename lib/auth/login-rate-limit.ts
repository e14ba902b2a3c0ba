import { and, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { loginAttempts } from "@/db/schema";
import type { Clock } from "@/lib/time";

/**
 * Failed sign-ins allowed per sliding window, per email and per client IP. Past either limit every
 * attempt is refused before the password is checked (a right password included) until the oldest
 * counted failure leaves the window. A successful sign-in clears the email's count (not the IP's:
 * one address guessing at many emails stays throttled).
 */
export const LOGIN_RATE_LIMIT = { windowMs: 15 * 60_000, maxFailuresPerEmail: 5, maxFailuresPerIp: 20 };
export type LoginRateLimit = typeof LOGIN_RATE_LIMIT;

export type LoginGate =
  { allowed: true; attemptId: number } | { allowed: false; scope: "email" | "ip"; retryAfterSeconds: number };

/**
 * Records an attempt as failed *before* the password is checked, then counts the failures that came
 * before it: a burst of parallel guesses sees each other's rows instead of all passing a
 * check-then-record gap. A refused attempt's row is removed, so hammering a locked account does not
 * push the unlock time further out.
 */
export async function reserveLoginAttempt(
  db: Db,
  input: { email: string; ip: string },
  clock: Clock,
  limits: LoginRateLimit = LOGIN_RATE_LIMIT,
): Promise<LoginGate> {
  const now = clock.now();
  const since = new Date(now.getTime() - limits.windowMs);
  const [row] = await db
    .insert(loginAttempts)
    .values({ email: input.email, ip: input.ip, succeeded: false, at: now })
    .returning({ id: loginAttempts.id });
  const attemptId = row!.id;

  const lastEmailSuccess = sql`coalesce((select max(${loginAttempts.id}) from ${loginAttempts}
    where ${loginAttempts.email} = ${input.email} and ${loginAttempts.succeeded}), 0)`;
  const checks = [
    {
      scope: "email" as const,
      max: limits.maxFailuresPerEmail,
      where: and(eq(loginAttempts.email, input.email), gt(loginAttempts.id, lastEmailSuccess)),
    },
    { scope: "ip" as const, max: limits.maxFailuresPerIp, where: eq(loginAttempts.ip, input.ip) },
  ];
  let refusal: { scope: "email" | "ip"; retryAt: number } | null = null;
  for (const check of checks) {
    const retryAt = await unlockTime(db, check.where, check.max, attemptId, since, limits.windowMs);
    if (retryAt !== null && (!refusal || retryAt > refusal.retryAt))
      refusal = { scope: check.scope, retryAt };
  }
  if (!refusal) return { allowed: true, attemptId };

  await db.delete(loginAttempts).where(eq(loginAttempts.id, attemptId));
  return {
    allowed: false,
    scope: refusal.scope,
    retryAfterSeconds: Math.max(1, Math.ceil((refusal.retryAt - now.getTime()) / 1000)),
  };
}

/** When `max` failures or more are in the window: the time the max-th most recent one leaves it. */
async function unlockTime(
  db: Db,
  where: SQL | undefined,
  max: number,
  beforeId: number,
  since: Date,
  windowMs: number,
): Promise<number | null> {
  const rows = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(
      and(
        where,
        eq(loginAttempts.succeeded, false),
        lt(loginAttempts.id, beforeId),
        gt(loginAttempts.at, since),
      ),
    )
    .orderBy(desc(loginAttempts.at))
    .limit(max);
  if (rows.length < max) return null;
  return rows[max - 1]!.at.getTime() + windowMs;
}

/** Marks a reserved attempt as a success and drops attempts too old to matter to any window. */
export async function completeLoginAttempt(db: Db, attemptId: number, clock: Clock): Promise<void> {
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  const dayAgo = new Date(clock.now().getTime() - 24 * 60 * 60_000);
  await db.delete(loginAttempts).where(lt(loginAttempts.at, dayAgo));
}
