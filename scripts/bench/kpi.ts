import { sql } from "drizzle-orm";
import { openDb, queryRows, type Db } from "@/db";
import { createApiToken } from "@/lib/auth";
import { applyToRollups, CHANNELS, comparisonWindow, rebuildRollups, SEGMENTS } from "@/lib/kpi";
import { addDays } from "@/lib/time";
import { startApp } from "@/tests/support/app-server";

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
const FIRST_DAY = "2024-01-01";
const SPAN_DAYS = 730;

const t0 = performance.now();
const clock = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const say = (m: string) => console.log(`[${clock()}] ${m}`);

/** Fast synthetic store, all in SQL (generate_series), deterministic via setseed. */
async function generate(db: Db) {
  const customers = Math.floor(ORDERS / 2.8);
  const start = `${FIRST_DAY}T00:00:00+05:30`;
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`insert into customer_groups (id, name, created_at, source_updated_at)
    values ('grp_w', 'Wholesale', now(), now())`);
  await db.execute(sql`insert into referral_codes (code, owner_name, channel, created_at) values
    ('PRIYA10', 'Priya', 'instagram', now()), ('MEERA', 'Meera', 'youtube', now()), ('RAJ5', 'Raj', 'influencer', now())`);
  await db.execute(sql`insert into customers (id, created_at, source_updated_at)
    select 'c' || i, now(), now() from generate_series(1, ${customers}) i`);
  await db.execute(sql`insert into customer_group_members (group_id, customer_id)
    select 'grp_w', 'c' || i from generate_series(1, ${customers}) i where i % 40 = 0`);
  say(`${customers} customers`);
  await db.execute(sql`insert into orders (id, customer_id, status, payment_status, fulfillment_status,
      payment_method, is_rto, returned_at, refunded_paise, is_gift, currency_code, subtotal_paise, total_paise,
      placed_at, cart_id, referral_code, source_updated_at)
    select 'o' || i, case when r1 < 0.04 then null else 'c' || (1 + floor(power(r2, 1.4) * ${customers}))::int end,
      case when r3 < 0.08 then 'canceled' else 'completed' end, 'captured', 'delivered',
      case when r3 < 0.5 then 'cod' else 'prepaid' end,
      r4 < 0.05, case when r4 < 0.12 then placed + (r5 * interval '20 days') end,
      case when r4 >= 0.05 and r4 < 0.12 then floor(total * r5)::bigint else 0 end,
      r5 < 0.05, 'inr', total, total, placed,
      case when r6 < 0.6 then 'k' || i end,
      case when r6 > 0.92 then (array['PRIYA10','MEERA','RAJ5','NOPE'])[1 + floor(r1 * 4)::int] end,
      now()
    from (select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
        ${start}::timestamptz + random() * interval '${sql.raw(String(SPAN_DAYS))} days' as placed,
        (50000 + floor(random() * 3000000))::bigint as total
      from generate_series(1, ${ORDERS}) i) g`);
  say(`${ORDERS} orders`);
  await db.execute(sql`insert into carts (id, customer_id, email, currency_code, created_at, last_activity_at, source_updated_at)
    select o.cart_id, o.customer_id, case when random() < 0.7 then 'x@kosha.test' end, 'inr', la, la, la
    from (select cart_id, customer_id, placed_at - random() * interval '9 days' * (case when random() < 0.5 then 0.01 else 1 end) as la
      from orders where cart_id is not null) o`);
  await db.execute(sql`insert into carts (id, customer_id, phone, currency_code, created_at, last_activity_at, source_updated_at)
    select 'kx' || i, null, case when random() < 0.6 then '+919800000000' end, 'inr', la, la, la
    from (select i, ${start}::timestamptz + random() * interval '${sql.raw(String(SPAN_DAYS))} days' as la
      from generate_series(1, ${Math.floor(ORDERS * 0.4)}) i) g`);
  await db.execute(sql`insert into cart_items (id, cart_id, title, quantity, unit_price_paise)
    select 'ki_' || id, id, 'Saree', 1, 150000 from carts`);
  say("carts");
  // Sessions: one per cart (its visitor), the rest spread over customers' visitors and anonymous ones.
  await db.execute(sql`insert into web_sessions (id, visitor_id, started_at, channel, cart_id, customer_id)
    select 's' || row_number() over (), 'v' || coalesce(c.customer_id, c.id), c.last_activity_at - random() * interval '30 minutes',
      (array['direct','direct','whatsapp','instagram','youtube','seo','paid','email','influencer','other'])[1 + floor(random() * 10)::int],
      c.id, null
    from carts c`);
  const cartSessions = Number(
    (await queryRows<{ n: string | number }>(db, sql`select count(*) as n from web_sessions`))[0]!.n,
  );
  const rest = Math.max(0, SESSIONS - cartSessions);
  await db.execute(sql`insert into web_sessions (id, visitor_id, started_at, channel, cart_id, customer_id)
    select 'sr' || i,
      case when r1 < 0.5 then 'vc' || (1 + floor(r2 * ${customers}))::int else 'va' || i end,
      ${start}::timestamptz + random() * interval '${sql.raw(String(SPAN_DAYS))} days',
      (array['direct','direct','whatsapp','instagram','youtube','seo','paid','email','influencer','facebook'])[1 + floor(random() * 10)::int],
      null, case when r1 < 0.1 then 'c' || (1 + floor(r2 * ${customers}))::int end
    from (select i, random() r1, random() r2 from generate_series(1, ${rest}) i) g`);
  say(`${cartSessions + rest} sessions`);
  await db.execute(sql`insert into ad_spend (day, channel, spend_paise, source)
    select (${FIRST_DAY}::date + d), ch, floor(random() * 5000000)::bigint, 'demo'
    from generate_series(0, ${SPAN_DAYS}) d, unnest(array['instagram','paid','youtube','whatsapp']) ch`);
  await db.execute(sql`vacuum analyze`);
  say("spend; vacuum analyze");
}

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
  await generate(handle.db);
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
