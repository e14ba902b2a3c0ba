import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "@/db";
import { upsertCarts, upsertCustomerGroups, upsertCustomers, upsertOrders } from "@/lib/commerce";
import type { CartRecord, OrderRecord } from "@/lib/commerce";
import { applyToRollups, getKpis, rebuildRollups, type KpiResponse } from "@/lib/kpi";
import { engines, testDb, type TestDb } from "../support/db";

/*
 * A small store whose every KPI was worked out by hand (see DEFINITIONS.md). Window: IST days
 * 2025-10-10..2025-10-12 = [2025-10-09T18:30Z, 2025-10-12T18:30Z). Comparison (previous):
 * 2025-10-07..2025-10-09. Amounts in paise.
 */

const T = (iso: string) => new Date(iso);
const V1 = T("2025-10-20T00:00:00Z");

function order(
  id: string,
  customerId: string | null,
  placedAt: string,
  totalPaise: number,
  extra: Partial<OrderRecord> = {},
): OrderRecord {
  return {
    id,
    customerId,
    status: "completed",
    paymentStatus: "captured",
    fulfillmentStatus: "delivered",
    paymentMethod: "prepaid",
    currencyCode: "inr",
    subtotalPaise: totalPaise,
    totalPaise,
    placedAt: T(placedAt),
    sourceUpdatedAt: V1,
    items: [
      {
        id: `${id}_i1`,
        title: "Sanganeri kurta",
        quantity: 1,
        unitPricePaise: totalPaise,
        totalPaise,
      },
    ],
    ...extra,
  };
}

function cart(
  id: string,
  lastActivityAt: string,
  opts: { email?: string; phone?: string; customerId?: string; items?: boolean } = {},
): CartRecord {
  return {
    id,
    customerId: opts.customerId ?? null,
    email: opts.email ?? null,
    phone: opts.phone ?? null,
    currencyCode: "inr",
    createdAt: T(lastActivityAt),
    lastActivityAt: T(lastActivityAt),
    sourceUpdatedAt: T(lastActivityAt),
    items:
      opts.items === false
        ? []
        : [{ id: `${id}_i1`, title: "Dabu dupatta", quantity: 1, unitPricePaise: 90000 }],
  };
}

const customerIds = [
  "cus_a",
  "cus_b",
  "cus_c",
  "cus_d",
  "cus_e",
  "cus_f",
  "cus_g",
  "cus_h",
  "cus_i",
  "cus_old",
];

const orders: OrderRecord[] = [
  // cus_a: first order before both windows; its refund is booked on returned_at, inside the window.
  order("o1", "cus_a", "2025-10-05T10:00:00Z", 100000, {
    refundedPaise: 30000,
    returnedAt: T("2025-10-10T09:00:00Z"),
  }),
  // 18:29 UTC = 23:59 IST on the 9th: comparison window, a repeat order.
  order("o2", "cus_a", "2025-10-09T18:29:00Z", 200000),
  // 18:31 UTC = 00:01 IST on the 10th: current window; referral code → instagram.
  order("o3", "cus_b", "2025-10-09T18:31:00Z", 300000, { referralCode: "PRIYA10" }),
  // Wholesale customer; last non-direct session exactly 28 days before → whatsapp.
  order("o4", "cus_c", "2025-10-10T06:00:00Z", 500000, { cartId: "cart_c4" }),
  // Only non-direct session is 28 days + 1 minute before → direct.
  order("o5", "cus_d", "2025-10-11T12:00:00Z", 150000, { cartId: "cart_d5" }),
  // RTO returned on the 12th; attributed by cus_a's email session.
  order("o6", "cus_a", "2025-10-11T04:00:00Z", 250000, {
    isRto: true,
    returnedAt: T("2025-10-12T08:00:00Z"),
    paymentMethod: "cod",
  }),
  // Unknown referral code → influencer; gift; refund without returned_at → booked on placed day.
  order("o7", "cus_e", "2025-10-12T10:00:00Z", 400000, {
    referralCode: "UNKNOWN5",
    isGift: true,
    refundedPaise: 100000,
  }),
  order("o8", "cus_b", "2025-10-12T12:00:00Z", 999900, {
    status: "canceled",
    canceledAt: T("2025-10-12T13:00:00Z"),
  }),
  order("o9", null, "2025-10-08T10:00:00Z", 80000),
  // Last second of the window; refund booked 2025-10-13 (outside).
  order("o10", "cus_b", "2025-10-12T18:29:59Z", 120000, {
    cartId: "cart_b10",
    refundedPaise: 20000,
    returnedAt: T("2025-10-13T05:00:00Z"),
  }),
  // 18:30 UTC = 00:00 IST on the 13th: outside.
  order("o11", "cus_d", "2025-10-12T18:30:00Z", 70000),
  // Recovers cart_r1 exactly 7 days after its abandonment (2025-10-10T09:00Z).
  order("o12", "cus_f", "2025-10-17T09:00:00Z", 90000, { cartId: "cart_r1" }),
  // 7 days + 1 second after cart_r2's abandonment: not a recovery.
  order("o13", "cus_g", "2025-10-18T09:00:01Z", 60000, { cartId: "cart_r2" }),
  // Exactly 60 minutes after cart_n1's last activity: cart_n1 was never abandoned.
  order("o14", "cus_h", "2025-10-11T11:00:00Z", 110000, { cartId: "cart_n1" }),
  // 60 minutes + 1 second after cart_n2's last activity: abandoned, then recovered.
  order("o15", "cus_i", "2025-10-11T11:00:01Z", 130000, { cartId: "cart_n2" }),
  // An old customer for the 12-month cohort: o18 is exactly 12 months after o16, so outside it.
  order("o16", "cus_old", "2024-01-15T10:00:00Z", 50000),
  order("o17", "cus_old", "2024-12-01T10:00:00Z", 70000),
  order("o18", "cus_old", "2025-01-15T10:00:00Z", 40000),
];

const carts: CartRecord[] = [
  cart("cart_r1", "2025-10-10T08:00:00Z", { email: "f@x.in", customerId: "cus_f" }),
  cart("cart_r2", "2025-10-11T08:00:00Z", { phone: "+919800000007", customerId: "cus_g" }),
  cart("cart_n1", "2025-10-11T10:00:00Z", { email: "h@x.in", customerId: "cus_h" }),
  cart("cart_n2", "2025-10-11T10:00:00Z", { email: "i@x.in", customerId: "cus_i" }),
  cart("cart_x1", "2025-10-11T10:00:00Z", {}), // no contact: never abandoned
  cart("cart_x2", "2025-10-11T10:00:00Z", { email: "x@x.in", items: false }), // empty
  cart("cart_c4", "2025-10-10T05:59:00Z", { email: "c@x.in", customerId: "cus_c" }),
  cart("cart_d5", "2025-10-11T11:55:00Z", { email: "d@x.in", customerId: "cus_d" }),
  cart("cart_b10", "2025-10-12T18:00:00Z", { email: "b@x.in", customerId: "cus_b" }),
  cart("cart_e1", "2025-10-12T17:30:00Z", { email: "e1@x.in" }), // abandoned 00:00 IST on the 13th
  cart("cart_e2", "2025-10-12T17:29:00Z", { email: "e2@x.in" }), // abandoned 23:59 IST on the 12th
  cart("cart_p1", "2025-10-08T10:00:00Z", { email: "p@x.in" }), // comparison window
];

type S = typeof schema.webSessions.$inferInsert;
const session = (
  id: string,
  visitorId: string,
  startedAt: string,
  channel: string,
  link: { cartId?: string; customerId?: string } = {},
): S => ({ id, visitorId, startedAt: T(startedAt), channel, ...link });

const sessions: S[] = [
  session("s_c1", "v_c", "2025-09-12T06:00:00Z", "whatsapp"),
  session("s_c2", "v_c", "2025-10-10T05:50:00Z", "direct", { cartId: "cart_c4" }),
  session("s_d1", "v_d", "2025-09-13T11:59:00Z", "seo"),
  session("s_d2", "v_d", "2025-10-11T11:30:00Z", "direct", { cartId: "cart_d5" }),
  session("s_a1", "v_a", "2025-10-10T04:00:00Z", "email", { customerId: "cus_a" }),
  session("s_b1", "v_b", "2025-10-12T17:00:00Z", "paid", { cartId: "cart_b10" }),
  session("s_f1", "v_f", "2025-10-10T07:50:00Z", "instagram", { cartId: "cart_r1" }),
  session("s_i1", "v_i", "2025-10-11T09:50:00Z", "whatsapp", { cartId: "cart_n2" }),
  session("s_h1", "v_h", "2025-10-11T10:30:00Z", "direct", { cartId: "cart_n1" }),
  session("s_z1", "v_z", "2025-10-09T18:29:00Z", "seo"), // 23:59 IST on the 9th
  session("s_z2", "v_z", "2025-10-09T18:30:00Z", "seo"), // 00:00 IST on the 10th
  session("s_z3", "v_z", "2025-10-12T18:30:00Z", "youtube"), // 00:00 IST on the 13th
  session("s_q1", "v_q1", "2025-10-11T06:00:00Z", "direct"),
  session("s_q2", "v_q2", "2025-10-12T06:00:00Z", "facebook"), // unknown → other
  session("s_y1", "v_y", "2025-10-08T09:00:00Z", "instagram"),
];

const spend = [
  { day: "2025-10-10", channel: "instagram", spendPaise: 50000, source: "manual" },
  { day: "2025-10-11", channel: "paid", spendPaise: 30000, source: "manual" },
  { day: "2025-10-12", channel: "whatsapp", spendPaise: 20000, source: "manual" },
  { day: "2025-10-13", channel: "instagram", spendPaise: 99999, source: "manual" },
  { day: "2025-10-08", channel: "instagram", spendPaise: 40000, source: "manual" },
];

const WINDOW = { from: "2025-10-10", to: "2025-10-12", compare: "previous" as const };

function row(k: KpiResponse, channel: string) {
  const r = k.channels.find((c) => c.channel === channel)!;
  return {
    sessions: r.sessions.current,
    orders: r.orders.current,
    revenue: r.revenue.current,
    netRevenue: r.netRevenue.current,
    conversionRate: r.conversionRate.current,
    spend: r.spend.current,
    newCustomers: r.newCustomers.current,
    cac: r.cac.current,
    roas: r.roas.current,
  };
}

describe.each(engines)("KPIs of a hand-computed store on %s", (engine) => {
  let h: TestDb;

  beforeAll(async () => {
    h = await testDb(engine);
    const db = h.db;
    await upsertCustomerGroups(db, [
      { id: "grp_w", name: "Wholesale Buyers", createdAt: V1, sourceUpdatedAt: V1 },
      { id: "grp_v", name: "VIP", createdAt: V1, sourceUpdatedAt: V1 },
    ]);
    await upsertCustomers(
      db,
      customerIds.map((id) => ({
        id,
        createdAt: V1,
        sourceUpdatedAt: V1,
        groupIds: id === "cus_c" ? ["grp_w"] : id === "cus_a" ? ["grp_v"] : [],
      })),
    );
    await db.insert(schema.referralCodes).values({
      code: "PRIYA10",
      ownerName: "Priya",
      channel: "instagram",
      createdAt: V1,
    });
    await db.insert(schema.webSessions).values(sessions);
    for (const s of spend) {
      await db.execute(sql`insert into ad_spend (day, channel, spend_paise, source)
        values (${s.day}, ${s.channel}, ${s.spendPaise}, ${s.source})`);
    }
    await db.insert(schema.kpiChannelCosts).values({
      day: "2025-10-11",
      channel: "whatsapp",
      source: "whatsapp_messages",
      costPaise: 5000,
    });
    const orderIds = await upsertOrders(db, orders);
    const cartIds = await upsertCarts(db, carts);
    // The incremental path, as the seeder and the Medusa processor call it.
    await applyToRollups(db, {
      orderIds,
      cartIds,
      sessionIds: sessions.map((s) => s.id),
      customerIds,
      days: [...new Set([...spend.map((s) => s.day), "2025-10-11"])],
    });
  });
  afterAll(async () => h?.drop());

  describe("headline figures", () => {
    it("counts revenue, orders, refunds and returns by IST day, excluding canceled orders", async () => {
      const k = await getKpis(h.db, WINDOW);
      // Current: o3 300000 + o4 500000 + o5 150000 + o6 250000 + o7 400000 + o10 120000
      //          + o14 110000 + o15 130000 = 1,960,000 (8 orders; o8 canceled, o2 and o11 outside).
      expect(k.figures.revenue.current).toBe(1_960_000);
      expect(k.figures.orders.current).toBe(8);
      // Refunds booked in the window: o1 30000 (returned_at 10-10) + o7 100000 (placed day 10-12);
      // o10's 20000 is booked 10-13.
      expect(k.figures.refunds.current).toBe(130_000);
      // Returns: o6 (RTO) its whole total 250000, booked on returned_at 10-12.
      expect(k.figures.returns.current).toBe(250_000);
      // Net: 1,960,000 − 130,000 − 250,000 = 1,580,000.
      expect(k.figures.netRevenue.current).toBe(1_580_000);
      // Comparison 10-07..10-09: o9 80000 + o2 200000 = 280,000 over 2 orders.
      expect(k.figures.revenue.comparison).toBe(280_000);
      expect(k.figures.orders.comparison).toBe(2);
      expect(k.figures.netRevenue.comparison).toBe(280_000);
      // Δ = 1,960,000 − 280,000 = 1,680,000; ratio 1,680,000 / 280,000 = 6.
      expect(k.figures.revenue.delta).toBe(1_680_000);
      expect(k.figures.revenue.deltaRatio).toBe(6);
    });

    it("computes traffic, conversion, AOV and repeat rate", async () => {
      const k = await getKpis(h.db, WINDOW);
      // Sessions 10-10: s_c2 s_a1 s_f1 s_z2; 10-11: s_d2 s_i1 s_h1 s_q1; 10-12: s_b1 s_q2 = 10.
      expect(k.figures.sessions.current).toBe(10);
      // Comparison: s_y1 (10-08), s_z1 (23:59 IST 10-09) = 2.
      expect(k.figures.sessions.comparison).toBe(2);
      expect(k.figures.conversionRate.current).toBe(0.8); // 8 / 10
      expect(k.figures.conversionRate.comparison).toBe(1); // 2 / 2
      expect(k.figures.aov.current).toBe(245_000); // 1,960,000 / 8
      expect(k.figures.aov.comparison).toBe(140_000); // 280,000 / 2
      // Repeat orders: o6 (cus_a had o1, o2), o10 (cus_b had o3) = 2 of 8.
      expect(k.figures.repeatOrders.current).toBe(2);
      expect(k.figures.repeatRate.current).toBe(0.25);
      // Comparison: o2 repeat (after o1), o9 guest new: 1 of 2.
      expect(k.figures.repeatRate.comparison).toBe(0.5);
      // New customers: b (o3), c (o4), d (o5), e (o7), h (o14), i (o15) = 6; comparison: guest o9 = 1.
      expect(k.figures.newCustomers.current).toBe(6);
      expect(k.figures.newCustomers.comparison).toBe(1);
    });

    it("computes spend, CAC and ROAS including channel costs", async () => {
      const k = await getKpis(h.db, WINDOW);
      // instagram 50000 + paid 30000 + whatsapp 20000 + whatsapp messages 5000 = 105,000.
      expect(k.figures.spend.current).toBe(105_000);
      expect(k.figures.cac.current).toBe(17_500); // 105,000 / 6
      expect(k.figures.roas.current).toBeCloseTo(1_960_000 / 105_000, 12); // 18.67
      expect(k.figures.spend.comparison).toBe(40_000);
      expect(k.figures.cac.comparison).toBe(40_000); // 40,000 / 1
      expect(k.figures.roas.comparison).toBe(7); // 280,000 / 40,000
    });

    it("counts abandoned and recovered carts at the 60-minute and 7-day edges", async () => {
      const k = await getKpis(h.db, WINDOW);
      const c = k.figures.carts;
      // Abandoned in window: cart_r1 (10-10), cart_r2 (10-11), cart_n2 (10-11), cart_e2 (10-12) = 4.
      // Not: cart_n1 (order at +60 min), cart_x1 (no contact), cart_x2 (no items), cart_e1 (10-13).
      expect(c.abandoned.current).toBe(4);
      // Recovered: cart_r1 by o12 at exactly +7 days, cart_n2 by o15; cart_r2's o13 is 1 s late.
      expect(c.recovered.current).toBe(2);
      expect(c.recoveryRate.current).toBe(0.5);
      expect(c.recoveredRevenue.current).toBe(220_000); // 90,000 + 130,000
      expect(c.abandoned.comparison).toBe(1); // cart_p1
      expect(c.recovered.comparison).toBe(0);
      expect(c.recoveryRate.comparison).toBe(0);
    });
  });

  describe("by channel (attribution)", () => {
    it("attributes by referral code, last non-direct session within 28 days, else direct", async () => {
      const k = await getKpis(h.db, WINDOW);
      // o3 via PRIYA10 → instagram; 1 session (s_f1); spend 50,000 → CAC 50,000, ROAS 6.
      expect(row(k, "instagram")).toEqual({
        sessions: 1,
        orders: 1,
        revenue: 300_000,
        netRevenue: 300_000,
        conversionRate: 1,
        spend: 50_000,
        newCustomers: 1,
        cac: 50_000,
        roas: 6,
      });
      // o4 (s_c1 exactly 28 days before) + o15 (s_i1) = 630,000; spend 25,000; CAC 12,500; ROAS 25.2.
      expect(row(k, "whatsapp")).toEqual({
        sessions: 1,
        orders: 2,
        revenue: 630_000,
        netRevenue: 630_000,
        conversionRate: 2,
        spend: 25_000,
        newCustomers: 2,
        cac: 12_500,
        roas: 25.2,
      });
      // o5 (s_d1 is 28 days + 1 minute old) + o14 = 260,000; net − o1's 30,000 refund = 230,000.
      // Sessions: s_c2 s_d2 s_h1 s_q1 = 4. Spend 0 → CAC 0 / 2 = 0, ROAS undefined.
      expect(row(k, "direct")).toEqual({
        sessions: 4,
        orders: 2,
        revenue: 260_000,
        netRevenue: 230_000,
        conversionRate: 0.5,
        spend: 0,
        newCustomers: 2,
        cac: 0,
        roas: null,
      });
      // o6 via cus_a's email session; its RTO takes net to 0; repeat → no new customer.
      expect(row(k, "email")).toEqual({
        sessions: 1,
        orders: 1,
        revenue: 250_000,
        netRevenue: 0,
        conversionRate: 1,
        spend: 0,
        newCustomers: 0,
        cac: null,
        roas: null,
      });
      // o7 with an unknown code → influencer; no sessions → conversion undefined.
      expect(row(k, "influencer")).toMatchObject({
        sessions: 0,
        orders: 1,
        revenue: 400_000,
        netRevenue: 300_000,
        conversionRate: null,
      });
      // o10 via s_b1 (same visitor as its cart) → paid; ROAS 120,000 / 30,000 = 4.
      expect(row(k, "paid")).toMatchObject({
        orders: 1,
        revenue: 120_000,
        spend: 30_000,
        roas: 4,
        cac: null,
      });
      expect(row(k, "seo")).toMatchObject({ sessions: 1, orders: 0, conversionRate: 0 });
      expect(row(k, "other")).toMatchObject({ sessions: 1, orders: 0 });
      expect(row(k, "youtube")).toMatchObject({ sessions: 0, orders: 0, revenue: 0 });
    });

    it("narrows every figure with channel=", async () => {
      const k = await getKpis(h.db, { ...WINDOW, channel: "whatsapp" });
      expect(k.figures.revenue.current).toBe(630_000);
      expect(k.figures.sessions.current).toBe(1);
      expect(k.figures.spend.current).toBe(25_000);
      // Carts attributed like orders: cart_n2 (s_i1) is the only whatsapp cart, recovered by o15.
      expect(k.figures.carts.abandoned.current).toBe(1);
      expect(k.figures.carts.recoveredRevenue.current).toBe(130_000);
      expect(k.channels.map((c) => c.channel)).toEqual(["whatsapp"]);
    });
  });

  describe("segments and LTV", () => {
    it("narrows order figures with segment=", async () => {
      const seg = async (segment: "new" | "repeat" | "wholesale" | "gifting") =>
        (await getKpis(h.db, { ...WINDOW, segment })).figures;
      const n = await seg("new");
      // First orders: o3 o4 o5 o7 o14 o15 = 1,590,000; net − o1's refund 30,000 (o1 is a first
      // order) − o7's 100,000 = 1,460,000.
      expect([n.orders.current, n.revenue.current, n.netRevenue.current]).toEqual([6, 1_590_000, 1_460_000]);
      const r = await seg("repeat");
      // o6 250,000 + o10 120,000 = 370,000; net − o6's return 250,000 = 120,000.
      expect([r.orders.current, r.revenue.current, r.netRevenue.current]).toEqual([2, 370_000, 120_000]);
      expect(r.repeatRate.current).toBe(1);
      expect((await seg("wholesale")).revenue.current).toBe(500_000); // o4 (cus_c)
      expect((await seg("gifting")).revenue.current).toBe(400_000); // o7 (cus_e)
    });

    it("computes lifetime net revenue per customer by segment, as of each window's end", async () => {
      const k = await getKpis(h.db, WINDOW);
      const ltv = Object.fromEntries(
        k.ltv.segments.map((s) => [
          s.segment,
          [s.customers.current, s.ltv.current, s.customers.comparison, s.ltv.comparison],
        ]),
      );
      // Lifetime net per customer (all their counted orders, refunds and returns):
      // a: 70,000 (o1 − 30,000) + 200,000 + 0 (o6 RTO) = 270,000; b: 300,000 + 100,000 = 400,000;
      // c: 500,000; d: 150,000 + 70,000 = 220,000; e: 300,000; guest o9: 80,000; h: 110,000;
      // i: 130,000; old: 50,000 + 70,000 + 40,000 = 160,000. f and g first bought after 10-12.
      // all by 10-12: 9 customers, 2,170,000 → 241,111.11 → 241,111.
      // all by 10-09: a, guest, old = 270,000 + 80,000 + 160,000 = 510,000 / 3 = 170,000.
      expect(ltv.all).toEqual([9, 241_111, 3, 170_000]);
      // new (1 order): c e guest h i = 1,120,000 / 5 = 224,000; by 10-09: guest 80,000.
      expect(ltv.new).toEqual([5, 224_000, 1, 80_000]);
      // repeat: a b d old = 1,050,000 / 4 = 262,500; by 10-09: a + old = 430,000 / 2 = 215,000.
      expect(ltv.repeat).toEqual([4, 262_500, 2, 215_000]);
      expect(ltv.wholesale).toEqual([1, 500_000, 0, null]);
      expect(ltv.gifting).toEqual([1, 300_000, 0, null]);
    });

    it("computes the 12-month LTV of the cohort that first bought 12–24 months ago", async () => {
      const k = await getKpis(h.db, WINDOW);
      const c = k.ltv.cohort12m;
      expect(c.current).toEqual({ firstFrom: "2023-10-13", firstTo: "2024-10-12" });
      // Only cus_old (first 2024-01-15): o16 50,000 + o17 70,000; o18 is exactly 12 months later.
      expect([c.customers.current, c.ltv.current]).toEqual([1, 120_000]);
      expect([c.customers.comparison, c.ltv.comparison]).toEqual([1, 120_000]);
    });
  });

  describe("daily series and comparison windows", () => {
    it("gives revenue, orders, sessions and conversion per IST day for both windows", async () => {
      const k = await getKpis(h.db, WINDOW);
      expect(k.series.current).toEqual([
        // o3 + o4; sessions s_c2 s_a1 s_f1 s_z2
        { day: "2025-10-10", revenue: 800_000, orders: 2, sessions: 4, conversionRate: 0.5 },
        // o5 + o6 + o14 + o15; s_d2 s_i1 s_h1 s_q1
        { day: "2025-10-11", revenue: 640_000, orders: 4, sessions: 4, conversionRate: 1 },
        // o7 + o10; s_b1 s_q2
        { day: "2025-10-12", revenue: 520_000, orders: 2, sessions: 2, conversionRate: 1 },
      ]);
      expect(k.series.comparison).toEqual([
        { day: "2025-10-07", revenue: 0, orders: 0, sessions: 0, conversionRate: null },
        { day: "2025-10-08", revenue: 80_000, orders: 1, sessions: 1, conversionRate: 1 },
        { day: "2025-10-09", revenue: 200_000, orders: 1, sessions: 1, conversionRate: 1 },
      ]);
    });

    it("compares with the same dates last year", async () => {
      const k = await getKpis(h.db, { ...WINDOW, compare: "last_year" });
      expect(k.comparison).toEqual({ compare: "last_year", from: "2024-10-10", to: "2024-10-12", days: 3 });
      expect(k.figures.revenue.comparison).toBe(0);
      expect(k.figures.aov.comparison).toBeNull();
      expect(k.figures.revenue.deltaRatio).toBeNull();
    });
  });

  describe("incremental maintenance", () => {
    it("matches a full rebuild after the incremental load", async () => {
      const incremental = await getKpis(h.db, WINDOW);
      await rebuildRollups(h.db);
      expect(await getKpis(h.db, WINDOW)).toEqual(incremental);
    });

    it("turns a first order into a repeat one when an earlier order arrives late", async () => {
      const ids = await upsertOrders(h.db, [order("o0", "cus_b", "2025-10-01T10:00:00Z", 10000)]);
      await applyToRollups(h.db, { orderIds: ids });
      const k = await getKpis(h.db, WINDOW);
      // o3 is now cus_b's second order: new customers 6 → 5, repeat orders 2 → 3 (3 / 8).
      expect(k.figures.newCustomers.current).toBe(5);
      expect(k.figures.repeatRate.current).toBe(0.375);
      expect(row(k, "instagram").newCustomers).toBe(0);
    });

    it("drops an order that gets canceled and re-attributes on a late session", async () => {
      const canceled = {
        ...orders.find((o) => o.id === "o4")!,
        status: "canceled",
        sourceUpdatedAt: T("2025-10-21T00:00:00Z"),
      };
      await applyToRollups(h.db, { orderIds: await upsertOrders(h.db, [canceled]) });
      await h.db.insert(schema.webSessions).values(session("s_d3", "v_d", "2025-10-11T11:00:00Z", "youtube"));
      await applyToRollups(h.db, { sessionIds: ["s_d3"] });
      const k = await getKpis(h.db, WINDOW);
      expect(k.figures.revenue.current).toBe(1_460_000); // 1,960,000 − o4's 500,000
      expect(k.figures.sessions.current).toBe(11);
      // o5's last non-direct touch is now s_d3 (youtube), 1 hour before it.
      expect(row(k, "youtube")).toMatchObject({ sessions: 1, orders: 1, revenue: 150_000 });
      expect(row(k, "whatsapp")).toMatchObject({ orders: 1, revenue: 130_000 });
      expect((await getKpis(h.db, { ...WINDOW, segment: "wholesale" })).figures.orders.current).toBe(0);
      const incremental = await getKpis(h.db, WINDOW);
      await rebuildRollups(h.db);
      expect(await getKpis(h.db, WINDOW)).toEqual(incremental);
    });
  });
});
