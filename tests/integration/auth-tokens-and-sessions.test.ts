import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, owners } from "@/db/schema";
import {
  authenticateRequest,
  authSecret,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  storedSecret,
  upsertOwner,
  verifyOwnerPassword,
} from "@/lib/auth";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const bearer = (token: string, extra: Record<string, string> = {}) =>
  new Request("http://kosha.test/api/v1/anything", {
    headers: { authorization: `Bearer ${token}`, ...extra },
  });

describe.each(engines)("API tokens on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("keeps only the SHA-256 and a display prefix; the token is returned once", async () => {
    const created = await createApiToken(t.db, { name: "  nightly sync  " });
    expect(created.token).toMatch(/^kosha_[A-Za-z0-9_-]{43}$/);
    expect(created.name).toBe("nightly sync");
    expect(created.prefix).toBe(created.token.slice(0, 12));
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = await listApiTokens(t.db);
    expect(listed.find((x) => x.id === created.id)).not.toHaveProperty("tokenHash");
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(12));
  });

  it("refuses a nameless token", async () => {
    await expect(createApiToken(t.db, { name: "   " })).rejects.toThrow();
  });

  it("authenticates a live token, and stops the moment it is revoked", async () => {
    const { token, id } = await createApiToken(t.db, { name: "script" });
    expect(await authenticateRequest(bearer(token), t.db)).toEqual({
      kind: "token",
      tokenId: id,
      name: "script",
    });
    const revoked = await revokeApiToken(t.db, id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateRequest(bearer(token), t.db)).toBeNull();
    // Revoking again keeps the first revocation time; an unknown id is reported as such.
    expect((await revokeApiToken(t.db, id))?.revokedAt).toEqual(revoked?.revokedAt);
    expect(await revokeApiToken(t.db, "no-such-token")).toBeNull();
  });

  it("refuses garbage, a near-miss token and a malformed header", async () => {
    const { token } = await createApiToken(t.db, { name: "real" });
    const nearMiss = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const value of ["garbage", nearMiss, "kosha_", ""]) {
      expect(await authenticateRequest(bearer(value), t.db)).toBeNull();
    }
    const basic = new Request("http://kosha.test/", { headers: { authorization: `Basic ${token}` } });
    expect(await authenticateRequest(basic, t.db)).toBeNull();
  });

  it("notes last use at most once a minute", async () => {
    const { token, id } = await createApiToken(t.db, { name: "usage" });
    const lastUsed = async () =>
      (await t.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!.lastUsedAt?.toISOString();
    const clock = fixedClock("2025-06-01T10:00:00Z");
    await authenticateRequest(bearer(token), t.db, clock);
    expect(await lastUsed()).toBe("2025-06-01T10:00:00.000Z");
    clock.advance(59_000);
    await authenticateRequest(bearer(token), t.db, clock);
    expect(await lastUsed()).toBe("2025-06-01T10:00:00.000Z");
    clock.advance(1_000);
    await authenticateRequest(bearer(token), t.db, clock);
    expect(await lastUsed()).toBe("2025-06-01T10:01:00.000Z");
  });
});

describe.each(engines)("owners and session cookies on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("creates an owner once per email and updates the password on a second run", async () => {
    const first = await upsertOwner(t.db, { email: "Meera@Kosha.test", password: "first password 123" });
    expect(first).toMatchObject({ created: true, owner: { email: "meera@kosha.test" } });
    const second = await upsertOwner(t.db, { email: "meera@kosha.test", password: "second password 456" });
    expect(second).toMatchObject({ created: false, owner: { id: first.owner.id } });
    expect(await verifyOwnerPassword(t.db, "MEERA@kosha.test", "second password 456")).toMatchObject({
      id: first.owner.id,
    });
    expect(await verifyOwnerPassword(t.db, "meera@kosha.test", "first password 123")).toBeNull();
    expect(await verifyOwnerPassword(t.db, "nobody@kosha.test", "second password 456")).toBeNull();
    await expect(
      upsertOwner(t.db, { email: "not-an-email", password: "long enough password" }),
    ).rejects.toThrow();
    await expect(upsertOwner(t.db, { email: "a@kosha.test", password: "short" })).rejects.toThrow();
  });

  it("generates the session secret once and keeps it", async () => {
    const a = await storedSecret(t.db);
    expect(a.length).toBeGreaterThanOrEqual(43);
    expect(await storedSecret(t.db)).toBe(a);
    expect(await authSecret(t.db, {})).toBe(a);
    expect(await authSecret(t.db, { AUTH_SECRET: "from-env" })).toBe("from-env");
  });

  it("accepts a valid next-auth session cookie and nothing else", async () => {
    const { owner } = await upsertOwner(t.db, {
      email: "session@kosha.test",
      password: "session password 1",
    });
    const secret = await authSecret(t.db);
    const cookie = async (claims: Record<string, unknown>, maxAge = 3600, key = secret) =>
      `next-auth.session-token=${await encode({ token: claims, secret: key, maxAge })}`;
    const withCookie = (c: string, extra: Record<string, string> = {}) =>
      new Request("http://kosha.test/", { headers: { cookie: c, ...extra } });

    const good = await cookie({ sub: owner.id, email: owner.email });
    expect(await authenticateRequest(withCookie(good), t.db)).toEqual({
      kind: "session",
      ownerId: owner.id,
      email: owner.email,
    });
    expect(await authenticateRequest(withCookie(`theme=dark; ${good}`), t.db)).not.toBeNull();
    // Wrong key, expired, tampered, no subject, and a bad Bearer riding along with a good cookie.
    expect(
      await authenticateRequest(withCookie(await cookie({ sub: owner.id }, 3600, "other")), t.db),
    ).toBeNull();
    expect(await authenticateRequest(withCookie(await cookie({ sub: owner.id }, -60)), t.db)).toBeNull();
    expect(await authenticateRequest(withCookie(good.slice(0, -4) + "AAAA"), t.db)).toBeNull();
    expect(await authenticateRequest(withCookie(await cookie({ email: owner.email })), t.db)).toBeNull();
    expect(await authenticateRequest(withCookie(good, { authorization: "Bearer nope" }), t.db)).toBeNull();
    // Deleting the owner ends their sessions at once.
    await t.db.delete(owners).where(eq(owners.id, owner.id));
    expect(await authenticateRequest(withCookie(good), t.db)).toBeNull();
  });
});
