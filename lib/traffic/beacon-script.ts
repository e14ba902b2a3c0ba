import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

/*
 * The storefront script, kept as a plain .js file (no build step, tested as it is served) and
 * read once per process. Resolved from the app's working folder: `next start` and `npm run dev`
 * run from the repo root, where lib/ is.
 */
export const BEACON_SCRIPT_PATH = path.join(process.cwd(), "lib/traffic/beacon/beacon.js");

let cached: Promise<{ body: string; etag: string }> | undefined;

export function beaconScript(): Promise<{ body: string; etag: string }> {
  cached ??= readFile(BEACON_SCRIPT_PATH, "utf8").then((body) => ({
    body,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
  }));
  return cached;
}

/**
 * An hour in browsers and CDNs, then revalidated by ETag: a changed beacon reaches shoppers within
 * the hour, and a storefront page view never waits on Kosha for it.
 */
export const BEACON_CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=86400";
