import { lt, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { collectRateLimits } from "@/db/schema";

/**
 * Events /api/collect accepts per fixed calendar minute (UTC), per visitor id and per client IP.
 * A shopper browsing fast sends a few events a minute; 120 leaves room for a busy single-page
 * storefront and stops a loop. The IP limit is higher because many shoppers share one address
 * behind Indian mobile carriers' NAT; it is what stops a script that invents a new visitor id per
 * post. A fixed window can let up to twice the limit through across a minute boundary: accepted,
 * it is a flood guard, not billing.
 */
export const COLLECT_RATE_LIMIT = { windowMs: 60_000, perVisitor: 120, perIp: 600 };
export type CollectRateLimit = typeof COLLECT_RATE_LIMIT;

export type RateDecision =
  { allowed: true } | { allowed: false; scope: "visitor" | "ip"; retryAfterSeconds: number };

/** Windows older than this are deleted by the limiter as it goes. */
const SWEEP_AFTER_MS = 10 * 60_000;

/**
 * Counts this request against both keys and says whether it is within the limits. One statement
 * (insert … on conflict do update … returning) per request, so concurrent requests on any number
 * of app instances see each other's hits: the database row lock serialises the increments.
 * Refused requests count too, so hammering does not get cheaper once over the limit.
 */
export async function hitCollectRateLimit(
  db: Db,
  keys: { visitorId: string; ip: string },
  now: Date,
  limits: CollectRateLimit = COLLECT_RATE_LIMIT,
): Promise<RateDecision> {
  const windowStart = new Date(Math.floor(now.getTime() / limits.windowMs) * limits.windowMs);
  const checks: { key: string; scope: "visitor" | "ip"; max: number }[] = [
    { key: `v:${keys.visitorId}`, scope: "visitor", max: limits.perVisitor },
  ];
  // A zero IP limit turns the IP check off (e.g. behind a proxy that hides client addresses).
  if (limits.perIp > 0) checks.push({ key: `ip:${keys.ip}`, scope: "ip", max: limits.perIp });

  const rows = await queryRows<{ key: string; hits: number | string }>(
    db,
    sql`insert into ${collectRateLimits} (key, window_start, hits)
        values ${sql.join(
          checks.map((c) => sql`(${c.key}, ${windowStart.toISOString()}::timestamptz, 1)`),
          sql`, `,
        )}
        on conflict (key) do update set
          hits = case when ${collectRateLimits}.window_start = excluded.window_start
                      then ${collectRateLimits}.hits + 1 else 1 end,
          window_start = excluded.window_start
        returning key, hits`,
  );
  const hits = new Map(rows.map((r) => [r.key, Number(r.hits)]));
  await maybeSweep(db, now);
  const over = checks.find((c) => (hits.get(c.key) ?? 0) > c.max);
  if (!over) return { allowed: true };
  const retryAt = windowStart.getTime() + limits.windowMs;
  return {
    allowed: false,
    scope: over.scope,
    retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
  };
}

/*
 * Old windows are deleted every 500th request per process (and on the first): cheap, bounded,
 * and needs no scheduler. Any instance's sweep clears every instance's rows.
 */
let sinceSweep = 0;
async function maybeSweep(db: Db, now: Date): Promise<void> {
  if (sinceSweep++ % 500 !== 0) return;
  await db
    .delete(collectRateLimits)
    .where(lt(collectRateLimits.windowStart, new Date(now.getTime() - SWEEP_AFTER_MS)));
}
