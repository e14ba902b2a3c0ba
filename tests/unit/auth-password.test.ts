import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from "@/lib/auth";

describe("password hashing", () => {
  it("stores a self-describing scrypt hash with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it("is plain scrypt: an independent scryptSync over the stored salt gives the stored key", async () => {
    const stored = await hashPassword("टाई-डाई dupatta 2025");
    const [, N, r, p, salt, key] = stored.split("$");
    const expected = scryptSync(
      "टाई-डाई dupatta 2025".normalize("NFKC"),
      Buffer.from(salt!, "base64url"),
      32,
      {
        N: Number(N),
        r: Number(r),
        p: Number(p),
        maxmem: 256 * 1024 * 1024,
      },
    );
    expect(Buffer.from(key!, "base64url").equals(expected)).toBe(true);
  });

  it("verifies the right password and refuses a wrong or malformed one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("x", "plaintext-password")).toBe(false);
    expect(await verifyPassword("x", "scrypt$abc$8$1$c2FsdA$a2V5")).toBe(false);
    // A tampered row asking for a huge cost is refused instead of pinning the CPU.
    expect(await verifyPassword("x", stored.replace("$32768$", "$4194304$"))).toBe(false);
  });

  it("verifies hashes made with other (older) parameters, and flags them for re-hashing", async () => {
    const salt = Buffer.from("0123456789abcdef");
    const key = scryptSync("old password here", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    expect(await verifyPassword("old password here", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("new password here"))).toBe(false);
  });

  it("is slow on purpose: one verification takes at least ~50 ms", async () => {
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 15);
    const stored = await hashPassword("warm up the scrypt path once");
    const started = performance.now();
    await verifyPassword("some guess", stored);
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });
});
