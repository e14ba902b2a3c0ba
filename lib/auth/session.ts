import { decode } from "next-auth/jwt";
import type { Db } from "@/db";
import type { SessionIdentity } from "./identity";
import { findOwnerById } from "./owners";
import { authSecret } from "./secret";

/*
 * next-auth names its cookie by whether the site is https (NEXTAUTH_URL). Accepting both names
 * keeps the check right behind a TLS proxy with no NEXTAUTH_URL; browsers only ever store a
 * `__Secure-` cookie sent over https, so accepting it adds nothing an attacker could forge.
 */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export type CookieList = Iterable<{ name: string; value: string }>;

export function parseCookieHeader(header: string | null): { name: string; value: string }[] {
  if (!header) return [];
  return header.split(";").flatMap((part) => {
    const eq = part.indexOf("=");
    if (eq < 0) return [];
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return [{ name, value: decodeURIComponent(value) }];
    } catch {
      return [{ name, value }];
    }
  });
}

/** The session token from cookies; next-auth splits large tokens into `name.0`, `name.1`, ... */
function sessionToken(cookies: CookieList): string | null {
  const list = [...cookies];
  for (const base of SESSION_COOKIE_NAMES) {
    const whole = list.find((c) => c.name === base);
    if (whole) return whole.value;
    const chunks = list
      .map((c) => ({ c, n: c.name.startsWith(`${base}.`) ? Number(c.name.slice(base.length + 1)) : NaN }))
      .filter(({ n }) => Number.isInteger(n))
      .sort((a, b) => a.n - b.n);
    if (chunks.length) return chunks.map(({ c }) => c.value).join("");
  }
  return null;
}

/**
 * The owner signed in by a next-auth session cookie, else null. The owner row is looked up each
 * time, so deleting an owner ends their sessions at once rather than when the JWT expires.
 */
export async function ownerFromSessionCookies(db: Db, cookies: CookieList): Promise<SessionIdentity | null> {
  const token = sessionToken(cookies);
  if (!token) return null;
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    // jose checks the expiry while decrypting.
    payload = await decode({ token, secret: await authSecret(db) });
  } catch {
    return null;
  }
  if (!payload?.sub) return null;
  const owner = await findOwnerById(db, payload.sub);
  return owner ? { kind: "session", ownerId: owner.id, email: owner.email } : null;
}
