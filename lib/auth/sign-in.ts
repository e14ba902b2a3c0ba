import type { Db } from "@/db";
import { systemClock, type Clock } from "@/lib/time";
import {
  completeLoginAttempt,
  LOGIN_RATE_LIMIT,
  reserveLoginAttempt,
  type LoginRateLimit,
} from "./login-rate-limit";
import { normalizeEmail, verifyOwnerPassword, type Owner } from "./owners";

export type SignInResult =
  | { ok: true; owner: Owner }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; scope: "email" | "ip"; retryAfterSeconds: number };

/** Email + password sign-in behind the login rate limit; what next-auth's Credentials provider calls. */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; ip: string },
  clock: Clock = systemClock,
  limits: LoginRateLimit = LOGIN_RATE_LIMIT,
): Promise<SignInResult> {
  // Capped so an oversized field can neither bloat login_attempts nor make scrypt hash megabytes.
  const email = normalizeEmail(input.email).slice(0, 320);
  const gate = await reserveLoginAttempt(db, { email, ip: input.ip.slice(0, 100) }, clock, limits);
  if (!gate.allowed) {
    return {
      ok: false,
      reason: "rate_limited",
      scope: gate.scope,
      retryAfterSeconds: gate.retryAfterSeconds,
    };
  }
  if (input.password.length > 1024) return { ok: false, reason: "invalid_credentials" };
  const owner = await verifyOwnerPassword(db, email, input.password);
  if (!owner) return { ok: false, reason: "invalid_credentials" };
  await completeLoginAttempt(db, gate.attemptId, clock);
  return { ok: true, owner };
}
