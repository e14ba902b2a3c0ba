import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, schema, type Db } from "@/db";
import { upsertCarts, upsertCustomerGroups, upsertCustomers, upsertOrders } from "@/lib/commerce";
import type { CartRecord, CustomerRecord, OrderRecord } from "@/lib/commerce";
import { addMonths, applyToRollups, CHANNELS, getKpis, SEGMENTS, type KpiResponse } from "@/lib/kpi";
import { addDays } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

/*
 * getKpis (rollups, maintained incrementally batch by batch in shuffled order, so earlier orders
 * often arrive after later ones) against an independent reference: plain SQL over the raw tables,
 * written here without lib/kpi, for 20 random windows, exact to the paisa.
 * lib/demo's seedDemo did not exist yet when this was written, so the store is generated here.
 */

const ORDERS = {
  postgres: Number(process.env.KPI_TEST_ORDERS ?? 50_000),
  pglite: Number(process.env.KPI_TEST_ORDERS ?? 4_000),
} as const;
const START = Date.parse("2024-01-01T00:00:00Z");
const SPAN_DAYS = 700;
const DAY = 86_400_000;
const KNOWN = CHANNELS as readonly string[];

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Session = typeof schema.webSessions.$inferInsert;

function generateStore(n: number) {
  const r = prng(20251010);
  const V = new Date("2026-01-01T00:00:00Z");
  const nCustomers = Math.floor(n / 2.5);
  const customers: CustomerRecord[] = Array.from({ length: nCustomers }, (_, i) => ({
    id: `cus_${i}`,
    createdAt: V,
    sourceUpdatedAt: V,
    groupIds: r.chance(0.05) ? ["grp_wholesale"] : r.chance(0.05) ? ["grp_vip"] : [],
  }));
  const sessionChannels = [
    "direct",
    "direct",
    "whatsapp",
    "instagram",
    "youtube",
    "seo",
    "paid",
    "email",
    "influencer",
    "facebook",
  ];
  const codes = ["PRIYA10", "MEERA", "RAJ5", "FBDEAL", "NOPE1"]; // NOPE1 is not in referral_codes
  const orders: OrderRecord[] = [];
  const carts: CartRecord[] = [];
  const sessions: Session[] = [];
  let sid = 0;
  const addSession = (visitorId: string, at: number, link: { cartId?: string; customerId?: string } = {}) => {
    sessions.push({
      id: `s_${sid++}`,
      visitorId,
      startedAt: new Date(at),
      channel: r.pick(sessionChannels),
      ...link,
    });
  };
  const item = (id: string, paise: number) => ({
    id,
    title: "Bagru saree",
    quantity: 1,
    unitPricePaise: paise,
    totalPaise: paise,
  });
  for (let i = 0; i < n; i++) {
    // Some orders sit right on an IST midnight (18:29:xx / 18:30:xx UTC).
    const day = r.int(0, SPAN_DAYS);
    const at = r.chance(0.05)
      ? START + day * DAY + 18.5 * 3_600_000 + r.int(-90, 90) * 1000
      : START + day * DAY + r.int(0, DAY - 1);
    const customerId = r.chance(0.05) ? null : `cus_${Math.floor(Math.pow(r.next(), 1.6) * nCustomers)}`;
    const total = r.int(5, 400) * 1000 + r.int(0, 99);
    const rto = r.chance(0.06);
    const refunded = !rto && r.chance(0.07) ? r.int(1, total) : 0;
    const returnedAt = (rto || refunded > 0) && r.chance(0.7) ? new Date(at + r.int(1, 20) * DAY) : null;
    const cartId = r.chance(0.6) ? `cart_o${i}` : null;
    const visitor = `v_${customerId ?? `g${i}`}_${r.int(0, 1)}`;
    orders.push({
      id: `order_${i}`,
      customerId,
      status: r.chance(0.08) ? "canceled" : "completed",
      paymentStatus: "captured",
      fulfillmentStatus: "delivered",
      paymentMethod: rto ? "cod" : r.pick(["cod", "prepaid"]),
      currencyCode: "inr",
      subtotalPaise: total,
      totalPaise: total,
      isRto: rto,
      returnedAt,
      refundedPaise: refunded,
      isGift: r.chance(0.05),
      referralCode: r.chance(0.1) ? r.pick(codes) : null,
      cartId,
      placedAt: new Date(at),
      sourceUpdatedAt: V,
      items: [item(`oi_${i}`, total)],
    });
    if (cartId) {
      // Last activity 1 minute to 9 days before the order: some never abandoned, some recovered
      // within 7 days, some too late.
      const last = at - (r.chance(0.5) ? r.int(1, 70) * 60_000 : r.int(1, 9 * 24 * 60) * 60_000);
      carts.push({
        id: cartId,
        customerId,
        email: r.chance(0.7) ? "x@kosha.test" : null,
        phone: r.chance(0.4) ? "+919800000000" : null,
        currencyCode: "inr",
        createdAt: new Date(last),
        lastActivityAt: new Date(last),
        sourceUpdatedAt: new Date(last),
        items: r.chance(0.95)
          ? [{ id: `ci_${i}`, title: "Dupatta", quantity: 1, unitPricePaise: total }]
          : [],
      });
      addSession(visitor, last - r.int(0, 30) * 60_000, { cartId });
    }
    for (let k = r.int(0, 3); k > 0; k--) {
      const link = customerId && r.chance(0.3) ? { customerId } : {};
      addSession(visitor, at - r.int(0, 35 * 24 * 60) * 60_000 + r.int(-5, 5) * 60_000, link);
    }
  }
  for (let i = 0; i < n / 2; i++) {
    const last = START + r.int(0, SPAN_DAYS * 24 * 60) * 60_000;
    const customerId = r.chance(0.5) ? `cus_${r.int(0, nCustomers - 1)}` : null;
    carts.push({
      id: `cart_x${i}`,
      customerId,
      email: r.chance(0.6) ? "y@kosha.test" : null,
      phone: r.chance(0.3) ? "+919811111111" : null,
      currencyCode: "inr",
      createdAt: new Date(last),
      lastActivityAt: new Date(last),
      sourceUpdatedAt: new Date(last),
      items: r.chance(0.9)
        ? [{ id: `cxi_${i}`, title: "Quilt", quantity: r.int(1, 3), unitPricePaise: 250000 }]
        : [],
    });
    if (r.chance(0.5)) addSession(`v_x${i}`, last - r.int(0, 600) * 60_000, { cartId: `cart_x${i}` });
  }
  for (let i = 0; i < n; i++) addSession(`v_anon${r.int(0, n)}`, START + r.int(0, SPAN_DAYS * DAY));
  const spend: { day: string; channel: string; paise: number }[] = [];
  const costs: { day: string; channel: string; paise: number }[] = [];
  for (let d = 0; d <= SPAN_DAYS; d++) {
    const day = addDays("2024-01-01", d);
    for (const channel of ["instagram", "paid", "youtube", "whatsapp"]) {
      if (r.chance(0.7)) spend.push({ day, channel, paise: r.int(0, 5_000_000) });
    }
    if (r.chance(0.5)) costs.push({ day, channel: "whatsapp", paise: r.int(0, 200_000) });
  }
  // Shuffle orders so that earlier orders of a customer often arrive after later ones.
  for (let i = orders.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [orders[i], orders[j]] = [orders[j]!, orders[i]!];
  }
  return { customers, orders, carts, sessions, spend, costs, rand: r };
}

async function load(db: Db, store: ReturnType<typeof generateStore>) {
  const V = new Date("2026-01-01T00:00:00Z");
  await upsertCustomerGroups(db, [
    { id: "grp_wholesale", name: "Wholesale", createdAt: V, sourceUpdatedAt: V },
    { id: "grp_vip", name: "VIP", createdAt: V, sourceUpdatedAt: V },
  ]);
  await db.insert(schema.referralCodes).values([
    { code: "PRIYA10", ownerName: "Priya", channel: "instagram", createdAt: V },
    { code: "MEERA", ownerName: "Meera", channel: "youtube", createdAt: V },
    { code: "RAJ5", ownerName: "Raj", channel: "influencer", createdAt: V },
    { code: "FBDEAL", ownerName: "FB", channel: "facebook", createdAt: V },
  ]);
  for (let i = 0; i < store.spend.length; i += 1000) {
    const part = store.spend.slice(i, i + 1000);
    await db.execute(sql`insert into ad_spend (day, channel, spend_paise, source)
      select (x->>'day')::date, x->>'channel', (x->>'paise')::bigint, 'demo'
      from jsonb_array_elements(${JSON.stringify(part)}::jsonb) x`);
  }
  await db.execute(sql`insert into kpi_channel_costs (day, channel, source, cost_paise)
    select (x->>'day')::date, x->>'channel', 'whatsapp_messages', (x->>'paise')::bigint
    from jsonb_array_elements(${JSON.stringify(store.costs)}::jsonb) x`);
  await applyToRollups(db, {
    days: [...new Set([...store.spend.map((s) => s.day), ...store.costs.map((c) => c.day)])],
  });
  await upsertCustomers(db, store.customers);
  // Batches as a seeder or the Medusa processor would send them, each applied incrementally.
  const B = 2_000;
  const sessionsPer = Math.ceil(store.sessions.length / Math.ceil(store.orders.length / B));
  const cartsPer = Math.ceil(store.carts.length / Math.ceil(store.orders.length / B));
  for (let b = 0, k = 0; b < store.orders.length; b += B, k++) {
    const orderIds = await upsertOrders(db, store.orders.slice(b, b + B));
    const cartIds = await upsertCarts(db, store.carts.slice(k * cartsPer, (k + 1) * cartsPer));
    const sess = store.sessions.slice(k * sessionsPer, (k + 1) * sessionsPer);
    if (sess.length > 0) await db.insert(schema.webSessions).values(sess);
    const t = performance.now();
    await applyToRollups(db, { orderIds, cartIds, sessionIds: sess.map((s) => s.id) });
    if (process.env.KPI_TEST_VERBOSE)
      console.log(`batch ${k}: apply ${Math.round(performance.now() - t)} ms`);
  }
  // Group membership arrived with the customers before their orders; tell the rollups too.
  await applyToRollups(db, {
    customerIds: store.customers.filter((c) => c.groupIds?.length).map((c) => c.id),
  });
}

/* ------------------------------------------------------------------------------------------ */
/* The reference: plain SQL over the raw tables.                                               */

const channelList = sql.raw(KNOWN.map((c) => `'${c}'`).join(","));

async function buildReference(outer: Db) {
  await outer.transaction(async (tx) => {
    // JIT compiling these one-off queries costs more than running them.
    await tx.execute(sql`set local jit = off`);
    await buildReferenceTables(tx as unknown as Db);
  });
}

async function buildReferenceTables(db: Db) {
  // Fresh statistics, or the planner takes the just-loaded tables for empty ones.
  await db.execute(sql`analyze`);
  await db.execute(sql`drop table if exists ref_orders, ref_carts, ref_customers`);
  await db.execute(sql`create table ref_orders as
    with o as (
      select o.*, (o.placed_at at time zone 'Asia/Kolkata')::date as day,
        (coalesce(o.returned_at, o.placed_at) at time zone 'Asia/Kolkata')::date as book_day,
        coalesce(o.customer_id, 'g:' || o.id) as ckey,
        row_number() over (partition by coalesce(o.customer_id, 'g:' || o.id) order by o.placed_at, o.id) as nth
      from orders o where o.status <> 'canceled'
    ),
    links as (
      select o.id as order_id, v.visitor_id from o join web_sessions v on v.cart_id = o.cart_id
      union
      select o.id, v.visitor_id from o join web_sessions v on v.customer_id = o.customer_id
    ),
    touch as (
      select distinct on (l.order_id) l.order_id, s.channel
      from links l join o on o.id = l.order_id join web_sessions s on s.visitor_id = l.visitor_id
      where s.channel <> 'direct' and s.started_at between o.placed_at - interval '28 days' and o.placed_at
      order by l.order_id, s.started_at desc, s.id desc
    )
    select o.id, o.ckey, o.customer_id, o.placed_at, o.day, o.book_day, o.total_paise, o.nth,
      case when o.is_rto then 0 else o.refunded_paise end as refund,
      case when o.is_rto then o.total_paise else 0 end as returned,
      (select ch from (select case when coalesce(o.referral_code, '') <> ''
          then coalesce(rc.channel, 'influencer') else coalesce(t.channel, 'direct') end as ch) c0) as raw_channel,
      bool_or(o.is_gift) over (partition by o.ckey) as gifting,
      exists (select 1 from customer_group_members m join customer_groups g on g.id = m.group_id
        where m.customer_id = o.customer_id and g.name ilike '%wholesale%' and g.deleted_at is null) as wholesale
    from o left join referral_codes rc on rc.code = o.referral_code left join touch t on t.order_id = o.id`);
  await db.execute(sql`alter table ref_orders add column channel text`);
  await db.execute(
    sql`update ref_orders set channel = case when raw_channel in (${channelList}) then raw_channel else 'other' end`,
  );
  await db.execute(sql`create table ref_carts as
    with c as (
      select c.*, c.last_activity_at + interval '60 minutes' as abandon_at from carts c
      where (coalesce(c.email, '') <> '' or coalesce(c.phone, '') <> '')
        and exists (select 1 from cart_items i where i.cart_id = c.id and i.quantity > 0)
        and not exists (select 1 from orders o where o.cart_id = c.id
          and o.placed_at <= c.last_activity_at + interval '60 minutes')
    ),
    links as (
      select c.id as cart_id, v.visitor_id from c join web_sessions v on v.cart_id = c.id
      union
      select c.id, v.visitor_id from c join web_sessions v on v.customer_id = c.customer_id
    ),
    touch as (
      select distinct on (l.cart_id) l.cart_id, s.channel
      from links l join c on c.id = l.cart_id join web_sessions s on s.visitor_id = l.visitor_id
      where s.channel <> 'direct' and s.started_at between c.last_activity_at - interval '28 days' and c.last_activity_at
      order by l.cart_id, s.started_at desc, s.id desc
    ),
    rec as (
      select c.id as cart_id, sum(o.total_paise) as paise from c join orders o on o.cart_id = c.id
      where o.status <> 'canceled' and o.placed_at > c.abandon_at and o.placed_at <= c.abandon_at + interval '7 days'
      group by c.id
    )
    select c.id, (c.abandon_at at time zone 'Asia/Kolkata')::date as day,
      case when coalesce(t.channel, 'direct') in (${channelList}) then coalesce(t.channel, 'direct') else 'other' end as channel,
      rec.cart_id is not null as recovered, coalesce(rec.paise, 0) as paise
    from c left join touch t on t.cart_id = c.id left join rec on rec.cart_id = c.id`);
  await db.execute(sql`create table ref_customers as
    with first as (select ckey, placed_at as first_at, channel as first_channel from ref_orders where nth = 1)
    select r.ckey, min(r.day) as first_day,
      count(*) as orders,
      sum(r.total_paise - r.refund - r.returned) as net,
      sum(r.total_paise - r.refund - r.returned) filter (where r.placed_at < f.first_at + interval '12 months') as net12,
      max(f.first_channel) as channel,
      bool_or(r.wholesale) as wholesale, bool_or(r.gifting) as gifting
    from ref_orders r join first f on f.ckey = r.ckey group by r.ckey`);
}

interface Expected {
  orders: number;
  revenue: number;
  refunds: number;
  returns: number;
  newCustomers: number;
  repeatOrders: number;
  sessions: number;
  spend: number;
  abandoned: number;
  recovered: number;
  recoveredRevenue: number;
  byChannel: Record<
    string,
    { orders: number; revenue: number; sessions: number; spend: number; newCustomers: number }
  >;
  ltv: Record<string, { customers: number; net: number }>;
  cohort: { customers: number; net12: number };
}

const n = (v: unknown) => Number(v ?? 0);

async function reference(
  db: Db,
  w: { from: string; to: string },
  f: { channel?: string; segment: string },
): Promise<Expected> {
  const ch = (col: string) => (f.channel ? sql.raw(`and ${col} = '${f.channel}'`) : sql``);
  const seg = {
    all: sql`true`,
    new: sql`nth = 1`,
    repeat: sql`nth > 1`,
    wholesale: sql`wholesale`,
    gifting: sql`gifting`,
  }[f.segment]!;
  const placed = await queryRows(
    db,
    sql`select channel, count(*) as orders, sum(total_paise) as revenue,
        count(*) filter (where nth = 1) as new_customers, count(*) filter (where nth > 1) as repeat_orders
      from ref_orders where day between ${w.from}::date and ${w.to}::date and ${seg} ${ch("channel")}
      group by channel`,
  );
  const [booked] = await queryRows(
    db,
    sql`select sum(refund) as refunds, sum(returned) as returns from ref_orders
      where book_day between ${w.from}::date and ${w.to}::date and ${seg} ${ch("channel")}`,
  );
  const sessions = await queryRows(
    db,
    sql`select ch as channel, count(*) as sessions from (
        select case when channel in (${channelList}) then channel else 'other' end as ch from web_sessions
        where (started_at at time zone 'Asia/Kolkata')::date between ${w.from}::date and ${w.to}::date) s
      where true ${ch("ch")} group by ch`,
  );
  const spend = await queryRows(
    db,
    sql`select channel, sum(paise) as spend from (
        select channel, spend_paise as paise from ad_spend where day between ${w.from}::date and ${w.to}::date
        union all
        select channel, cost_paise from kpi_channel_costs where day between ${w.from}::date and ${w.to}::date) x
      where true ${ch("channel")} group by channel`,
  );
  const [carts] = await queryRows(
    db,
    sql`select count(*) as abandoned, count(*) filter (where recovered) as recovered, sum(paise) as paise
      from ref_carts where day between ${w.from}::date and ${w.to}::date ${ch("channel")}`,
  );
  const ltvRows = await queryRows(
    db,
    sql`select s.segment, count(*) as customers, sum(net) as net from ref_customers c
      cross join lateral (values ('all', true), ('new', c.orders = 1), ('repeat', c.orders > 1),
        ('wholesale', c.wholesale), ('gifting', c.gifting)) as s(segment, member)
      where s.member and c.first_day <= ${w.to}::date ${ch("c.channel")}
      group by s.segment`,
  );
  const cohortFrom = addDays(addMonths(w.to, -24), 1);
  const cohortTo = addMonths(w.to, -12);
  const cseg = {
    all: sql`true`,
    new: sql`orders = 1`,
    repeat: sql`orders > 1`,
    wholesale: sql`wholesale`,
    gifting: sql`gifting`,
  }[f.segment]!;
  const [cohort] = await queryRows(
    db,
    sql`select count(*) as customers, sum(net12) as net12 from ref_customers
      where first_day between ${cohortFrom}::date and ${cohortTo}::date and ${cseg} ${ch("channel")}`,
  );
  const byChannel: Expected["byChannel"] = {};
  const slot = (c: string) =>
    (byChannel[c] ??= { orders: 0, revenue: 0, sessions: 0, spend: 0, newCustomers: 0 });
  for (const r of placed)
    Object.assign(slot(String(r.channel)), {
      orders: n(r.orders),
      revenue: n(r.revenue),
      newCustomers: n(r.new_customers),
    });
  for (const r of sessions) slot(String(r.channel)).sessions = n(r.sessions);
  for (const r of spend) slot(String(r.channel)).spend = n(r.spend);
  const sum = (rows: Record<string, unknown>[], k: string) => rows.reduce((a, r) => a + n(r[k]), 0);
  return {
    orders: sum(placed, "orders"),
    revenue: sum(placed, "revenue"),
    refunds: n(booked?.refunds),
    returns: n(booked?.returns),
    newCustomers: sum(placed, "new_customers"),
    repeatOrders: sum(placed, "repeat_orders"),
    sessions: sum(sessions, "sessions"),
    spend: sum(spend, "spend"),
    abandoned: n(carts?.abandoned),
    recovered: n(carts?.recovered),
    recoveredRevenue: n(carts?.paise),
    byChannel,
    ltv: Object.fromEntries(
      ltvRows.map((r) => [String(r.segment), { customers: n(r.customers), net: n(r.net) }]),
    ),
    cohort: { customers: n(cohort?.customers), net12: n(cohort?.net12) },
  };
}

function actual(k: KpiResponse, period: "current" | "comparison") {
  const f = k.figures;
  const v = (x: { current: number | null; comparison: number | null }) => x[period];
  return {
    orders: v(f.orders),
    revenue: v(f.revenue),
    refunds: v(f.refunds),
    returns: v(f.returns),
    newCustomers: v(f.newCustomers),
    repeatOrders: v(f.repeatOrders),
    sessions: v(f.sessions),
    spend: v(f.spend),
    abandoned: v(f.carts.abandoned),
    recovered: v(f.carts.recovered),
    recoveredRevenue: v(f.carts.recoveredRevenue),
  };
}

describe.each(engines)("getKpis against plain SQL over the raw tables on %s", (engine) => {
  let h: TestDb;
  const store = generateStore(ORDERS[engine]);

  beforeAll(async () => {
    h = await testDb(engine);
    let t = performance.now();
    await load(h.db, store);
    console.log(
      `loaded ${store.orders.length} orders with incremental rollups in ${Math.round(performance.now() - t)} ms`,
    );
    t = performance.now();
    await buildReference(h.db);
    console.log(`reference tables in ${Math.round(performance.now() - t)} ms`);
  }, 600_000);
  // KPI_TEST_KEEP_DB=1 keeps the Postgres database for inspection (its URL is printed).
  afterAll(async () => (process.env.KPI_TEST_KEEP_DB ? console.log(h?.url) : h?.drop()));

  it("agrees exactly for 20 random windows, comparisons, channels and segments", async () => {
    const r = store.rand;
    // What the windows exercised, so a store too plain to test anything fails loudly.
    const seen = {
      recovered: 0,
      returns: 0,
      refunds: 0,
      repeatOrders: 0,
      cohort: 0,
      channels: new Set<string>(),
    };
    for (let i = 0; i < 20; i++) {
      const len = r.pick([1, 1, 7, 30, 31, 90, 365, 731]);
      const from = addDays("2024-01-01", r.int(-10, SPAN_DAYS - Math.min(len, 200)));
      const to = addDays(from, len - 1);
      const compare = r.pick(["previous", "last_year"] as const);
      const channel = r.chance(0.3) ? r.pick(CHANNELS) : undefined;
      const segment = r.chance(0.4) ? r.pick(SEGMENTS) : "all";
      const k = await getKpis(h.db, { from, to, compare, channel, segment });
      const label = JSON.stringify({ from, to, compare, channel, segment });
      for (const period of ["current", "comparison"] as const) {
        const w = period === "current" ? { from, to } : { from: k.comparison.from, to: k.comparison.to };
        const e = await reference(h.db, w, { channel, segment });
        const { byChannel, ltv, cohort, ...totals } = e;
        seen.recovered += e.recovered;
        seen.returns += e.returns;
        seen.refunds += e.refunds;
        seen.repeatOrders += e.repeatOrders;
        seen.cohort += cohort.customers;
        for (const [c, x] of Object.entries(byChannel)) if (x.orders > 0) seen.channels.add(c);
        expect(actual(k, period), `${label} ${period}`).toEqual(totals);
        expect(k.figures.netRevenue[period], label).toBe(e.revenue - e.refunds - e.returns);
        for (const row of k.channels) {
          const x = byChannel[row.channel] ?? {
            orders: 0,
            revenue: 0,
            sessions: 0,
            spend: 0,
            newCustomers: 0,
          };
          expect(
            {
              orders: row.orders[period],
              revenue: row.revenue[period],
              sessions: row.sessions[period],
              spend: row.spend[period],
              newCustomers: row.newCustomers[period],
            },
            `${label} ${period} ${row.channel}`,
          ).toEqual(x);
        }
        for (const s of k.ltv.segments) {
          const x = ltv[s.segment] ?? { customers: 0, net: 0 };
          expect(s.customers[period], `${label} ${period} ltv ${s.segment}`).toBe(x.customers);
          expect(s.ltv[period], `${label} ${period} ltv ${s.segment}`).toBe(
            x.customers === 0 ? null : Math.round(x.net / x.customers),
          );
        }
        expect(k.ltv.cohort12m.customers[period], `${label} cohort`).toBe(cohort.customers);
        expect(k.ltv.cohort12m.ltv[period], `${label} cohort`).toBe(
          cohort.customers === 0 ? null : Math.round(cohort.net12 / cohort.customers),
        );
      }
    }
    expect(
      Math.min(seen.recovered, seen.returns, seen.refunds, seen.repeatOrders, seen.cohort),
    ).toBeGreaterThan(0);
    expect(seen.channels.size).toBeGreaterThanOrEqual(8);
  }, 600_000);
});
