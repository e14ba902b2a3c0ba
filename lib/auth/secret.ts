import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appSettings } from "@/db/schema";

export const AUTH_SECRET_SETTING = "auth.secret";

const cache = new WeakMap<Db, Promise<string>>();

/**
 * The key that encrypts session cookies: AUTH_SECRET (or NEXTAUTH_SECRET) when configured, else a
 * random secret generated on first use and kept in app_settings, so the embedded demo signs people
 * in with no configuration and sessions survive a restart.
 */
export function authSecret(
  db: Db,
  env: { AUTH_SECRET?: string; NEXTAUTH_SECRET?: string } = process.env,
): Promise<string> {
  const configured = env.AUTH_SECRET || env.NEXTAUTH_SECRET;
  if (configured) return Promise.resolve(configured);
  let secret = cache.get(db);
  if (!secret) {
    secret = storedSecret(db).catch((e) => {
      cache.delete(db); // a transient DB error must not poison every later request
      throw e;
    });
    cache.set(db, secret);
  }
  return secret;
}

/** Reads the stored secret, creating it first if missing; concurrent first calls agree on one value. */
export async function storedSecret(db: Db): Promise<string> {
  await db
    .insert(appSettings)
    .values({ key: AUTH_SECRET_SETTING, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing({ target: appSettings.key });
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, AUTH_SECRET_SETTING));
  if (typeof row?.value !== "string")
    throw new Error(`app_settings "${AUTH_SECRET_SETTING}" is not a string`);
  return row.value;
}
