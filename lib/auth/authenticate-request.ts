import type { Db } from "@/db";
import { systemClock, type Clock } from "@/lib/time";
import { verifyApiToken } from "./api-tokens";
import type { Identity } from "./identity";
import { ownerFromSessionCookies, parseCookieHeader } from "./session";

/**
 * Who sent this request: `Authorization: Bearer <api token>` or a next-auth session cookie, else
 * null. A request that presents an Authorization header is judged on it alone: a bad token is not
 * rescued by a cookie riding along.
 */
export async function authenticateRequest(
  req: Request,
  db: Db,
  clock: Clock = systemClock,
): Promise<Identity | null> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return null;
    const token = await verifyApiToken(db, match[1]!, clock);
    return token ? { kind: "token", tokenId: token.id, name: token.name } : null;
  }
  return ownerFromSessionCookies(db, parseCookieHeader(req.headers.get("cookie")));
}
