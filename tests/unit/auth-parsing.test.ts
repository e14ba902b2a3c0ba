import { describe, expect, it } from "vitest";
import {
  clientIp,
  generateApiToken,
  hashApiToken,
  parseCookieHeader,
  parseSignInError,
  signInErrorMessage,
} from "@/lib/auth";

describe("API token format", () => {
  it("is kosha_ plus 43 url-safe characters, different every time", () => {
    const tokens = new Set(Array.from({ length: 50 }, generateApiToken));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^kosha_[A-Za-z0-9_-]{43}$/);
  });

  it("is stored as its SHA-256 in hex", () => {
    // Known vector: sha256("abc").
    expect(hashApiToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("client IP for rate limiting", () => {
  it("takes the last X-Forwarded-For hop (the one our own proxy or Next.js added)", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientIp({ "x-forwarded-for": "127.0.0.1" })).toBe("127.0.0.1");
    expect(clientIp({ "x-real-ip": " 192.168.1.9 " })).toBe("192.168.1.9");
    expect(clientIp({})).toBe("unknown");
  });
});

describe("cookie header parsing", () => {
  it("splits name=value pairs and URL-decodes values", () => {
    expect(parseCookieHeader("a=1; next-auth.session-token=x%2By; empty=; junk")).toEqual([
      { name: "a", value: "1" },
      { name: "next-auth.session-token", value: "x+y" },
      { name: "empty", value: "" },
    ]);
    expect(parseCookieHeader(null)).toEqual([]);
  });
});

describe("sign-in errors in ?error=", () => {
  it("tells wrong credentials from a rate-limit refusal and says when to retry", () => {
    expect(parseSignInError("CredentialsSignin")).toEqual({ kind: "invalid_credentials" });
    expect(parseSignInError("RateLimited:601")).toEqual({ kind: "rate_limited", retryAfterSeconds: 601 });
    expect(parseSignInError(null)).toBeNull();
    expect(signInErrorMessage({ kind: "rate_limited", retryAfterSeconds: 601 })).toContain("11 minutes");
    expect(signInErrorMessage({ kind: "rate_limited", retryAfterSeconds: 30 })).toContain("1 minute.");
    expect(signInErrorMessage({ kind: "invalid_credentials" })).toMatch(/do not match/);
  });
});
