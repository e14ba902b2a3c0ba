import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "@/db";
import { upsertCarts, upsertCustomers, upsertOrders } from "@/lib/commerce";
import type { CartRecord, OrderRecord } from "@/lib/commerce";
import { rebuildRollups } from "@/lib/kpi";
import { getJourney } from "@/lib/journey";
import { engines, testDb, type TestDb } from "../support/db";

/*
 * A tiny store whose journey numbers were counted by hand. Window: IST days 2025-10-10..2025-10-12
 * = [2025-10-09T18:30Z, 2025-10-12T18:30Z). Rows just outside each edge must not count.
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
      { id: `${id}_i1`, title: "Sanganeri kurta", quantity: 1, unitPricePaise: totalPaise, totalPaise },
    ],
    ...extra,
  };
}

function cart(id: string, lastActivityAt: string, customerId: string | null): CartRecord {
  return {
    id,
    customerId,
    email: `${id}@example.in`,
    phone: null,
    currencyCode: "inr",
    createdAt: T(lastActivityAt),
    lastActivityAt: T(lastActivityAt),
    sourceUpdatedAt: T(lastActivityAt),
    items: [{ id: `${id}_i1`, title: "Dabu dupatta", quantity: 1, unitPricePaise: 25000 }],
  };
}

const session = (id: string, startedAt: string, channel: string) => ({
  id,
  visitorId: `v_${id}`,
  startedAt: T(startedAt),
  channel,
});

const event = (id: string, sessionId: string, type: string, occurredAt: string) => ({
  id,
  sessionId,
  visitorId: `v_${sessionId}`,
  type,
  occurredAt: T(occurredAt),
  receivedAt: T(occurredAt),
  path: "/products/kurta",
});

describe.each(engines)("journey numbers of a hand-built store on %s", (engine) => {
  let h: TestDb;

  beforeAll(async () => {
    h = await testDb(engine);
    const db = h.db;
    await upsertCustomers(
      db,
      ["cus_a", "cus_b", "cus_c", "cus_d"].map((id) => ({
        id,
        createdAt: V1,
        sourceUpdatedAt: V1,
        groupIds: [],
      })),
    );
    await db.insert(schema.webSessions).values([
      session("s1", "2025-10-10T05:00:00Z", "instagram"),
      session("s2", "2025-10-11T05:00:00Z", "instagram"),
      session("s3", "2025-10-12T18:29:59Z", "seo"), // 23:59:59 IST on the last day: in
      session("s4", "2025-10-10T06:00:00Z", "tiktok"), // unknown channel → other
      session("s5", "2025-10-09T18:29:59Z", "direct"), // 23:59:59 IST the day before: out
      session("s6", "2025-10-12T18:30:00Z", "seo"), // 00:00 IST the day after: out
    ]);
    await db
      .insert(schema.sessionEvents)
      .values([
        event("e1", "s1", "product_view", "2025-10-10T05:01:00Z"),
        event("e2", "s1", "product_view", "2025-10-10T05:02:00Z"),
        event("e3", "s2", "product_view", "2025-10-11T05:01:00Z"),
        event("e4", "s1", "add_to_cart", "2025-10-10T05:03:00Z"),
        event("e5", "s1", "checkout_start", "2025-10-10T05:04:00Z"),
        event("e6", "s5", "product_view", "2025-10-09T18:29:59Z"),
        event("e7", "s2", "checkout_start", "2025-10-11T05:05:00Z"),
        event("e8", "s6", "add_to_cart", "2025-10-12T18:30:00Z"),
        event("e9", "s3", "page_view", "2025-10-12T18:29:59Z"),
      ]);
    await upsertOrders(db, [
      order("o1", "cus_a", "2025-10-01T10:00:00Z", 10000),
      order("o2", "cus_a", "2025-10-10T10:00:00Z", 20000), // repeat
      order("o3", "cus_b", "2025-10-11T10:00:00Z", 30000, { referralCode: "PRIYA10" }),
      order("o4", "cus_b", "2025-10-12T10:00:00Z", 40000, { status: "canceled", referralCode: "PRIYA10" }),
      order("o5", "cus_b", "2025-10-12T12:00:00Z", 50000), // repeat (o3 is earlier and counted)
      order("o6", null, "2025-10-11T11:00:00Z", 15000, { referralCode: "RAHUL5" }), // guest: always new
      order("o7", "cus_c", "2025-10-13T10:00:00Z", 60000, { referralCode: "PRIYA10" }), // after the window
      order("o8", "cus_d", "2025-10-12T11:00:00Z", 25000, { cartId: "c1" }), // recovers c1
    ]);
    await upsertCarts(db, [
      cart("c1", "2025-10-11T10:00:00Z", "cus_d"), // abandoned 11:00Z on IST 2025-10-11, bought a day later
      cart("c2", "2025-10-10T10:00:00Z", null), // abandoned, never bought
    ]);
    await rebuildRollups(db);
  });

  afterAll(async () => {
    await h?.drop();
  });

  it("counts every stage exactly", async () => {
    const j = await getJourney(h.db, { from: "2025-10-10", to: "2025-10-12" });
    expect(j.discovery).toEqual({
      sessions: 4,
      byChannel: [
        { channel: "instagram", sessions: 2 },
        { channel: "other", sessions: 1 },
        { channel: "seo", sessions: 1 },
      ],
    });
    expect(j.consideration).toEqual({
      productViews: 3,
      sessionsViewingProducts: 2,
      addToCarts: 1,
      sessionsAddingToCart: 1,
    });
    expect(j.purchase).toEqual({
      checkouts: 2,
      orders: 5,
      revenuePaise: 140000,
      recoveredCarts: 1,
      recoveredRevenuePaise: 25000,
    });
    expect(j.retention).toEqual({ repeatOrders: 2, repeatCustomers: 2 });
    expect(j.advocacy).toEqual({
      referralOrders: 2,
      referralRevenuePaise: 45000,
      referralCodesUsed: 2,
      reviews: null,
    });
  });

  it("moves with the window", async () => {
    const j = await getJourney(h.db, { from: "2025-10-13", to: "2025-10-13" });
    expect(j.discovery.sessions).toBe(1); // s6
    expect(j.consideration.addToCarts).toBe(1); // e8
    expect(j.purchase.orders).toBe(1);
    expect(j.purchase.recoveredCarts).toBe(0);
    expect(j.advocacy.referralOrders).toBe(1);
    expect(j.retention.repeatOrders).toBe(0);
  });

  it("refuses a window that ends before it starts", async () => {
    await expect(getJourney(h.db, { from: "2025-10-12", to: "2025-10-10" })).rejects.toThrow();
  });
});
