import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { seedDemo } from "@/lib/demo";
import { getKpis, rebuildRollups } from "@/lib/kpi";
import { addDays } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const END = "2026-11-24";

describe.each(engines)("the demo store drives every dashboard figure on %s", (engine) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await testDb(engine);
    await seedDemo(h.db, { orders: 1500, seed: 11, end: END });
    await rebuildRollups(h.db);
  });
  afterAll(async () => {
    await h.drop();
  });

  it("has abandoned carts, some of them recovered, as the KPI rule counts them", async () => {
    const k = await getKpis(h.db, { from: addDays(END, -364), to: END, compare: "previous" });
    const carts = k.figures.carts;
    expect(carts.abandoned.current).toBeGreaterThan(0);
    expect(carts.recovered.current).toBeGreaterThan(0);
    expect(carts.recoveryRate.current).toBeGreaterThan(0.02);
    expect(carts.recoveryRate.current).toBeLessThan(0.5);
    expect(carts.recoveredRevenue.current).toBeGreaterThan(0);

    // Independently: carts whose order came more than 60 minutes and at most 7 days after
    // their last activity, in the same window.
    const [ref] = await queryRows<{ n: string | number }>(
      h.db,
      sql`select count(distinct c.id) as n from carts c join orders o on o.cart_id = c.id
          where o.status <> 'canceled'
            and o.placed_at > c.last_activity_at + interval '60 minutes'
            and o.placed_at <= c.last_activity_at + interval '60 minutes' + interval '7 days'
            and exists (select 1 from cart_items i where i.cart_id = c.id and i.quantity > 0)
            and (coalesce(c.email, '') <> '' or coalesce(c.phone, '') <> '')
            and not exists (select 1 from orders o2 where o2.cart_id = c.id
                            and o2.placed_at <= c.last_activity_at + interval '60 minutes')
            and c.last_activity_at + interval '60 minutes' >= ${`${addDays(END, -364)}T00:00:00+05:30`}::timestamptz
            and c.last_activity_at + interval '60 minutes' < ${`${addDays(END, 1)}T00:00:00+05:30`}::timestamptz`,
    );
    expect(carts.recovered.current).toBe(Number(ref!.n));
  });

  it("has revenue, sessions, spend and repeat orders in the last 30 days", async () => {
    const k = await getKpis(h.db, { from: addDays(END, -29), to: END, compare: "last_year" });
    expect(k.figures.revenue.current).toBeGreaterThan(0);
    expect(k.figures.sessions.current).toBeGreaterThan(0);
    expect(k.figures.spend.current).toBeGreaterThan(0);
    expect(k.figures.repeatOrders.current).toBeGreaterThan(0);
  });
});
