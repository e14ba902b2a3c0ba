import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db";
import { seedDemo } from "@/lib/demo";
import { getJourney } from "@/lib/journey";
import { rebuildRollups } from "@/lib/kpi";
import { addDays } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const ORDERS = 1500;
const END = "2026-11-24";

async function one(db: Db, q: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<Record<string, unknown>>(db, q);
  return Number(Object.values(row ?? {})[0]);
}

const eventsDigest = (db: Db) =>
  queryRows<{ digest: string; n: number | string }>(
    db,
    sql`select md5(string_agg(concat_ws('|', id, session_id, visitor_id, type,
          (extract(epoch from occurred_at) * 1000)::bigint, path, product_id, variant_id, sku, cart_id,
          quantity, unit_price_paise, value_paise), ',' order by id)) as digest, count(*) as n
        from session_events`,
  );

describe.each(engines)("the demo store's session events on %s", (engine) => {
  let a: TestDb;
  let b: TestDb;

  beforeAll(async () => {
    [a, b] = await Promise.all([testDb(engine), testDb(engine)]);
    await seedDemo(a.db, { orders: ORDERS, seed: 7, end: END });
    // Another batch size must give the same events (they are drawn per session).
    await seedDemo(b.db, { orders: ORDERS, seed: 7, end: END, batchOrders: 97 });
    await rebuildRollups(a.db);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  describe("the journey map", () => {
    it("has product views and a funnel that narrows: views ≥ add-to-carts ≥ checkouts ≥ orders", async () => {
      for (const w of [
        { from: addDays(END, -729), to: END },
        { from: "2025-10-01", to: "2025-10-31" },
        { from: addDays(END, -6), to: END },
      ]) {
        const j = await getJourney(a.db, w);
        const label = `${w.from}..${w.to}`;
        expect(j.consideration.productViews, label).toBeGreaterThan(0);
        expect(j.consideration.productViews, label).toBeGreaterThanOrEqual(j.consideration.addToCarts);
        expect(j.consideration.addToCarts, label).toBeGreaterThanOrEqual(j.purchase.checkouts);
        expect(j.purchase.checkouts, label).toBeGreaterThanOrEqual(j.purchase.orders);
        expect(j.purchase.orders, label).toBeGreaterThan(0);
        // Every engaged session viewed a product, except a recovery visit straight to the cart.
        expect(j.consideration.sessionsViewingProducts, label).toBeGreaterThan(j.discovery.sessions * 0.9);
      }
    });
  });

  describe("consistency with sessions, carts and orders", () => {
    it("gives every session a step, inside the visit and the demo's days", async () => {
      expect(
        await one(
          a.db,
          sql`select count(*) from web_sessions s where not exists (select 1 from session_events e where e.session_id = s.id)`,
        ),
      ).toBe(0);
      expect(
        await one(
          a.db,
          sql`select count(*) from session_events e join web_sessions s on s.id = e.session_id
              where e.occurred_at < s.started_at or e.visitor_id <> s.visitor_id
                or e.occurred_at >= '2026-11-24T18:30:00Z'`,
        ),
      ).toBe(0);
    });

    it("starts checkout for every order before it is placed, and adds every cart line", async () => {
      expect(
        await one(
          a.db,
          sql`select count(*) from orders o where not exists (select 1 from session_events e
                where e.cart_id = o.cart_id and e.type = 'checkout_start' and e.occurred_at <= o.placed_at)`,
        ),
      ).toBe(0);
      expect(
        await one(
          a.db,
          sql`select count(*) from cart_items i where not exists (select 1 from session_events e
                where e.cart_id = i.cart_id and e.type = 'add_to_cart' and e.variant_id = i.variant_id
                  and e.quantity = i.quantity)`,
        ),
      ).toBe(0);
      expect(
        await one(
          a.db,
          sql`select count(*) from session_events e where e.type = 'checkout_start' and not exists
                (select 1 from carts c where c.id = e.cart_id and (c.email is not null or c.phone is not null))`,
        ),
      ).toBe(0);
      expect(
        await one(
          a.db,
          sql`select count(*) from session_events e left join products p on p.id = e.product_id
              where e.type = 'product_view' and (p.id is null or e.path <> '/products/' || p.handle)`,
        ),
      ).toBe(0);
    });

    it("does not depend on the write batch size", async () => {
      const [[da], [db]] = await Promise.all([eventsDigest(a.db), eventsDigest(b.db)]);
      expect(Number(da!.n)).toBeGreaterThan(ORDERS * 5);
      expect(db).toEqual(da);
    });
  });
});
