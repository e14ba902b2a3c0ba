import { sql } from "drizzle-orm";
import { openDb, queryRows, type Db } from "@/db";
import { createApiToken } from "@/lib/auth";
import { applyToRollups, CHANNELS, comparisonWindow, rebuildRollups, SEGMENTS } from "@/lib/kpi";
import { addDays } from "@/lib/time";
import { startApp } from "@/tests/support/app-server";
import { FIRST_DAY, generateStore, SPAN_DAYS } from "./kpi-store";

const help = `Usage: npm run bench:kpi [-- --orders N --sessions N --windows N --raw-windows N]

Loads a synthetic store (default 1,000,000 orders, 5,000,000 sessions) into a scratch Postgres
started for the purpose (tests/support/app-server startApp; needs a prior \`next build\`, honour
KOSHA_NEXT_DIST_DIR), builds the KPI rollups, then times GET /api/v1/kpis over HTTP with an API
token for N varied windows (default 200), and the same headline figures computed by plain SQL over
the raw tables for a sample of those windows (default 20; each takes seconds), and prints
p50/p95 and the ratio. Targets: p95 < 50 ms, at least 20x faster than raw SQL.
Postgres: KOSHA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(help);
  process.exit(0);
}
const num = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench:kpi: ${name} needs a positive integer\n\n${help}`);
    process.exit(1);
  }
  return v;
};
const ORDERS = num("--orders", 1_000_000);
const SESSIONS = num("--sessions", 5_000_000);
const WINDOWS = num("--windows", 200);
const RAW_WINDOWS = Math.min(num("--raw-windows", 20), WINDOWS);

const t0 = performance.now();
const clock = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const say = (m: string) => console.log(`[${clock()}] ${m}`);

interface BenchWindow {
  from: string;
  to: string;
  compare: "previous" | "last_year";
  channel?: string;
  segment?: string;
}

function windows(n: number): BenchWindow[] {
  let seed = 7;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const lengths = [1, 7, 7, 30, 30, 31, 90, 180, 365, 731];
  return Array.from({ length: n }, () => {
    const len = lengths[Math.floor(rnd() * lengths.length)]!;
    const from = addDays(FIRST_DAY, Math.floor(rnd() * Math.max(1, SPAN_DAYS - len + 1)));
    const w: BenchWindow = {
      from,
      to: addDays(from, len - 1),
      compare: rnd() < 0.5 ? "previous" : "last_year",
    };
    if (rnd() < 0.2) w.channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)];
    if (rnd() < 0.2) w.segment = SEGMENTS[Math.floor(rnd() * SEGMENTS.length)];
    return w;
  });
}

/** Headline figures for one window straight from the raw tables (no rollups, no attribution). */
async function rawFigures(db: Db, from: string, to: string) {
  const start = `${from}T00:00:00+05:30`;
  const end = `${addDays(to, 1)}T00:00:00+05:30`;
  return Promise.all([
    queryRows(
      db,
      sql`select count(*) as orders, sum(total_paise) as revenue,
          count(*) filter (where exists (select 1 from orders e where e.customer_id = o.customer_id
            and e.status <> 'canceled' and (e.placed_at, e.id) < (o.placed_at, o.id))) as repeat_orders
        from orders o where o.status <> 'canceled' and o.placed_at >= ${start}::timestamptz and o.placed_at < ${end}::timestamptz`,
    ),
    queryRows(
      db,
      sql`select sum(case when is_rto then total_paise else refunded_paise end) as deductions from orders
        where status <> 'canceled' and coalesce(returned_at, placed_at) >= ${start}::timestamptz
          and coalesce(returned_at, placed_at) < ${end}::timestamptz`,
    ),
    queryRows(
      db,
      sql`select channel, count(*) as sessions from web_sessions
        where started_at >= ${start}::timestamptz and started_at < ${end}::timestamptz group by channel`,
    ),
    queryRows(
      db,
      sql`select count(*) as abandoned, count(*) filter (where exists (select 1 from orders o where o.cart_id = c.id
          and o.status <> 'canceled' and o.placed_at > c.last_activity_at + interval '1 hour'
          and o.placed_at <= c.last_activity_at + interval '1 hour 7 days')) as recovered
        from carts c
        where c.last_activity_at + interval '1 hour' >= ${start}::timestamptz
          and c.last_activity_at + interval '1 hour' < ${end}::timestamptz
          and (c.email is not null or c.phone is not null)
          and exists (select 1 from cart_items i where i.cart_id = c.id)
          and not exists (select 1 from orders o where o.cart_id = c.id and o.placed_at <= c.last_activity_at + interval '1 hour')`,
    ),
    queryRows(
      db,
      sql`select channel, sum(spend_paise) from ad_spend where day between ${from}::date and ${to}::date group by 1`,
    ),
  ]);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

say(`starting the app on a scratch Postgres`);
const app = await startApp("postgres");
const handle = await openDb({ engine: "postgres", url: app.env.DATABASE_URL!, max: 4 });
try {
  await generateStore(handle.db, { orders: ORDERS, sessions: SESSIONS }, say);
  const tr = performance.now();
  await rebuildRollups(handle.db, {
    onProgress: (m) => (m.endsWith("/1") || !m.includes("/") ? say(`rollups: ${m}`) : undefined),
  });
  say(`rollups rebuilt in ${((performance.now() - tr) / 1000).toFixed(1)} s`);
  await handle.db.execute(sql`vacuum analyze`);
  const { token } = await createApiToken(handle.db, { name: "bench:kpi" });
  const headers = { authorization: `Bearer ${token}` };
  const ws = windows(WINDOWS);
  const url = (w: BenchWindow) =>
    `${app.baseUrl}/api/v1/kpis?${new URLSearchParams(Object.entries(w).filter(([, v]) => v !== undefined) as [string, string][])}`;
  for (const w of ws.slice(0, 10)) await (await fetch(url(w), { headers })).arrayBuffer(); // warm-up
  const api: number[] = [];
  for (const w of ws) {
    const t = performance.now();
    const res = await fetch(url(w), { headers });
    await res.arrayBuffer();
    api.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`GET ${url(w)} answered ${res.status}`);
  }
  say(
    `GET /api/v1/kpis over HTTP, ${ws.length} windows: p50 ${ms(pct(api, 50))}, p95 ${ms(pct(api, 95))}, max ${ms(Math.max(...api))}`,
  );
  const raw: number[] = [];
  const apiSame: number[] = [];
  const sample = ws.filter((w) => !w.channel && !w.segment).slice(0, RAW_WINDOWS);
  for (const [i, w] of sample.entries()) {
    const t = performance.now();
    const c = comparisonWindow(w, w.compare);
    await rawFigures(handle.db, w.from, w.to);
    await rawFigures(handle.db, c.from, c.to);
    raw.push(performance.now() - t);
    apiSame.push(api[ws.indexOf(w)]!);
    say(`raw SQL window ${i + 1}/${sample.length} (${w.from}..${w.to}): ${ms(raw[raw.length - 1]!)}`);
  }
  // The incremental path as the Medusa processor uses it: one order at a time.
  const applied: number[] = [];
  for (let i = 1; i <= 20; i++) {
    const t = performance.now();
    await applyToRollups(handle.db, { orderIds: [`o${Math.floor((i * ORDERS) / 21)}`] });
    applied.push(performance.now() - t);
  }
  console.log(`
KPI bench: ${ORDERS.toLocaleString("en-IN")} orders, ${SESSIONS.toLocaleString("en-IN")} sessions (Postgres)
  /api/v1/kpis over HTTP (${ws.length} windows)    p50 ${ms(pct(api, 50))}   p95 ${ms(pct(api, 95))}   target p95 < 50 ms: ${pct(api, 95) < 50 ? "met" : "MISSED"}
  same windows, API (${sample.length})              p50 ${ms(pct(apiSame, 50))}   p95 ${ms(pct(apiSame, 95))}
  plain SQL over raw tables (${sample.length})      p50 ${ms(pct(raw, 50))}   p95 ${ms(pct(raw, 95))}
    (headline figures only: revenue, orders, repeat, refunds/returns, sessions, carts, spend,
     for both windows; without attribution, which would make the raw side slower still)
  applyToRollups, one order (20 orders)  p50 ${ms(pct(applied, 50))}   p95 ${ms(pct(applied, 95))}
  ratio raw / API                     p50 ${(pct(raw, 50) / pct(apiSame, 50)).toFixed(0)}x   p95 ${(pct(raw, 95) / pct(apiSame, 95)).toFixed(0)}x   target >= 20x: ${pct(raw, 50) / pct(apiSame, 50) >= 20 ? "met" : "MISSED"}
`);
} finally {
  await handle.close();
  await app.stop();
}
