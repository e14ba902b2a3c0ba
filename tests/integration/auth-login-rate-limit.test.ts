import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { loginAttempts } from "@/db/schema";
import { LOGIN_RATE_LIMIT, signInWithPassword, upsertOwner } from "@/lib/auth";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const EMAIL = "owner@kosha.test";
const PASSWORD = "correct horse battery staple";
const WINDOW = LOGIN_RATE_LIMIT.windowMs;

describe.each(engines)("login rate limiting on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    await upsertOwner(t.db, { email: EMAIL, password: PASSWORD });
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.delete(loginAttempts);
  });

  const attempt = (clock: ReturnType<typeof fixedClock>, password: string, ip = "10.0.0.1", email = EMAIL) =>
    signInWithPassword(t.db, { email, password, ip }, clock);

  it("allows 5 failures per email, then refuses the 6th attempt even with the right password", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    for (let i = 0; i < LOGIN_RATE_LIMIT.maxFailuresPerEmail; i++) {
      // Different IPs, so only the per-email limit can be what refuses.
      expect(await attempt(clock, "wrong password!", `10.0.1.${i}`)).toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
      clock.advance(60_000);
    }
    const refused = await attempt(clock, PASSWORD, "10.0.2.1");
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited", scope: "email" });
    // The first failure (10:00) leaves the window at 10:15; it is now 10:05.
    expect(refused.ok === false && refused.reason === "rate_limited" && refused.retryAfterSeconds).toBe(600);
  });

  it("lets the owner in again once the oldest failure leaves the window", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    for (let i = 0; i < 5; i++) await attempt(clock, "wrong password!");
    clock.advance(WINDOW - 1);
    expect(await attempt(clock, PASSWORD)).toMatchObject({ reason: "rate_limited" });
    clock.advance(1);
    expect(await attempt(clock, PASSWORD)).toMatchObject({ ok: true });
  });

  it("does not count refused attempts, so hammering a locked account does not extend the lock", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    for (let i = 0; i < 5; i++) await attempt(clock, "wrong password!");
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      expect(await attempt(clock, "still guessing")).toMatchObject({ reason: "rate_limited" });
    }
    const rows = await queryRows<{ n: number | string }>(t.db, sql`select count(*) as n from login_attempts`);
    expect(Number(rows[0]!.n)).toBe(5);
    clock.set(new Date(Date.parse("2025-06-01T10:00:00Z") + WINDOW));
    expect(await attempt(clock, PASSWORD)).toMatchObject({ ok: true });
  });

  it("clears the email's count on a successful sign-in", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    for (let i = 0; i < 4; i++) await attempt(clock, "wrong password!");
    expect(await attempt(clock, PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) {
      expect(await attempt(clock, "wrong password!", `10.0.3.${i}`)).toMatchObject({
        reason: "invalid_credentials",
      });
    }
    expect(await attempt(clock, PASSWORD)).toMatchObject({ reason: "rate_limited", scope: "email" });
  });

  it("allows 20 failures per IP across emails, then refuses that IP even for the right credentials", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    for (let i = 0; i < LOGIN_RATE_LIMIT.maxFailuresPerIp; i++) {
      expect(await attempt(clock, "guess", "203.0.113.9", `nobody${i}@example.com`)).toMatchObject({
        reason: "invalid_credentials",
      });
    }
    expect(await attempt(clock, PASSWORD, "203.0.113.9")).toMatchObject({
      reason: "rate_limited",
      scope: "ip",
    });
    // The same owner from another address is unaffected.
    expect(await attempt(clock, PASSWORD, "198.51.100.2")).toMatchObject({ ok: true });
  });

  it("treats email case and spaces as the same account", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    for (let i = 0; i < 5; i++) await attempt(clock, "wrong password!", "10.0.0.1", ` OWNER@Kosha.test `);
    expect(await attempt(clock, PASSWORD, "10.0.0.2")).toMatchObject({
      reason: "rate_limited",
      scope: "email",
    });
  });

  it("holds under a parallel burst: at most 5 guesses reach the password check", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt(clock, `parallel guess ${i}`, `10.9.0.${i}`)),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid_credentials").length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBe(12 - checked);
    expect(await attempt(clock, PASSWORD, "10.9.9.9")).toMatchObject({ reason: "rate_limited" });
  });
});
