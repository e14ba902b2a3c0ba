import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db";
import { seedDemo } from "@/lib/demo";
import { TRAFFIC_CHANNELS } from "@/lib/traffic";
import { engines, testDb, type TestDb } from "../support/db";

const ORDERS = 1500;
const END = "2026-11-24";

/** One number (or string) from a query; both drivers' result shapes and bigint-as-string coerced. */
async function one(db: Db, q: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<Record<string, unknown>>(db, q);
  return Number(Object.values(row ?? {})[0]);
}

/** A digest of everything the generator decides, computed in SQL, independent of row order. */
async function checksum(db: Db): Promise<Record<string, string>> {
  const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::bigint`;
  const [row] = await queryRows<Record<string, string>>(
    db,
    sql.raw(`select
      (select md5(string_agg(concat_ws('|', id, display_id, customer_id, status, payment_status,
         fulfillment_status, payment_method, is_rto, ${ms("returned_at")}, refunded_paise, is_gift, gift_note,
         subtotal_paise, discount_paise, shipping_paise, tax_paise, total_paise, ${ms("placed_at")},
         ${ms("canceled_at")}, cart_id, referral_code, shipping_city, shipping_pincode, billing_pincode,
         ship_to_differs), ',' order by id)) from orders) as orders,
      (select md5(string_agg(concat_ws('|', id, order_id, variant_id, sku, quantity, unit_price_paise,
         total_paise), ',' order by id)) from order_items) as items,
      (select md5(string_agg(concat_ws('|', id, visitor_id, ${ms("started_at")}, channel, utm_source,
         utm_medium, utm_campaign, referral_code, referrer, landing_path, cart_id, customer_id), ','
         order by id)) from web_sessions) as sessions,
      (select md5(string_agg(concat_ws('|', id, email, phone, pincode, marketing_consent, consent_source,
         ${ms("consent_at")}), ',' order by id)) from customers) as customers,
      (select md5(string_agg(concat_ws('|', id, customer_id, email, phone, ${ms("created_at")},
         ${ms("last_activity_at")}, ${ms("completed_at")}), ',' order by id)) from carts) as carts`),
  );
  return row!;
}

describe.each(engines)("the demo store seeder on %s", (engine) => {
  let a: TestDb;
  let b: TestDb;
  let c: TestDb;
  let db: Db;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([testDb(engine), testDb(engine), testDb(engine)]);
    await seedDemo(a.db, { orders: ORDERS, seed: 7, end: END });
    await seedDemo(b.db, { orders: ORDERS, seed: 7, end: END });
    await seedDemo(c.db, { orders: ORDERS, seed: 8, end: END });
    db = a.db;
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop(), c?.drop()]);
  });

  describe("determinism", () => {
    it("gives identical data for the same parameters and different data for another seed", async () => {
      const [sa, sb, sc] = await Promise.all([checksum(a.db), checksum(b.db), checksum(c.db)]);
      expect(sb).toEqual(sa);
      for (const key of Object.keys(sa)) expect(sc[key], key).not.toBe(sa[key]);
    });
  });

  describe("orders", () => {
    it("has exactly the requested orders, all inside the 24 months ending on the end day", async () => {
      expect(await one(db, sql`select count(*) from orders`)).toBe(ORDERS);
      expect(
        await one(
          db,
          sql`select count(*) from orders where placed_at < '2024-11-24T18:30:00Z' or placed_at >= '2026-11-24T18:30:00Z'`,
        ),
      ).toBe(0);
      expect(await one(db, sql`select count(distinct display_id) from orders`)).toBe(ORDERS);
    });

    it("keeps money in whole paise that add up: items, subtotal, total", async () => {
      expect(
        await one(db, sql`select count(*) from order_items where total_paise <> quantity * unit_price_paise`),
      ).toBe(0);
      expect(
        await one(
          db,
          sql`select count(*) from orders o where subtotal_paise <>
                (select coalesce(sum(total_paise), 0) from order_items i where i.order_id = o.id)`,
        ),
      ).toBe(0);
      expect(
        await one(
          db,
          sql`select count(*) from orders where total_paise <> subtotal_paise - discount_paise + shipping_paise + tax_paise
                or discount_paise < 0 or discount_paise > subtotal_paise or refunded_paise > total_paise`,
        ),
      ).toBe(0);
      expect(
        await one(db, sql`select count(*) from orders where total_paise % 100 <> 0 or subtotal_paise <= 0`),
      ).toBe(0);
    });

    it("references real variants, products, customers and carts", async () => {
      expect(
        await one(
          db,
          sql`select count(*) from order_items i left join variants v on v.id = i.variant_id
                where v.id is null or v.product_id <> i.product_id or v.sku <> i.sku`,
        ),
      ).toBe(0);
      expect(
        await one(
          db,
          sql`select count(*) from orders o left join customers c on c.id = o.customer_id where c.id is null`,
        ),
      ).toBe(0);
      expect(
        await one(
          db,
          sql`select count(*) from orders o left join carts c on c.id = o.cart_id
                where c.id is null or c.completed_at <> o.placed_at`,
        ),
      ).toBe(0);
      expect(
        await one(
          db,
          sql`select count(*) from cart_items i left join variants v on v.id = i.variant_id where v.id is null`,
        ),
      ).toBe(0);
    });

    it("has a realistic COD share, RTO among COD, cancellations and customer returns", async () => {
      const cod = await one(
        db,
        sql`select avg(case when payment_method = 'cod' then 1.0 else 0 end) from orders`,
      );
      expect(cod).toBeGreaterThanOrEqual(0.3);
      expect(cod).toBeLessThanOrEqual(0.5);
      const rto = await one(
        db,
        sql`select avg(case when is_rto then 1.0 else 0 end) from orders
              where payment_method = 'cod' and placed_at < '2026-11-12T18:30:00Z'`,
      );
      expect(rto).toBeGreaterThanOrEqual(0.12);
      expect(rto).toBeLessThanOrEqual(0.28);
      expect(
        await one(
          db,
          sql`select count(*) from orders where is_rto and (payment_method <> 'cod' or returned_at is null
                or payment_status <> 'not_paid' or returned_at <= placed_at)`,
        ),
      ).toBe(0);
      const canceled = await one(
        db,
        sql`select avg(case when status = 'canceled' and not is_rto then 1.0 else 0 end) from orders`,
      );
      expect(canceled).toBeGreaterThan(0.01);
      expect(canceled).toBeLessThan(0.06);
      expect(
        await one(
          db,
          sql`select count(*) from orders where not is_rto and returned_at is not null and refunded_paise > 0
                and payment_status in ('refunded', 'partially_refunded')`,
        ),
      ).toBeGreaterThan(0);
    });

    it("has gift orders shipped elsewhere, referral-code orders and wholesale orders", async () => {
      expect(
        await one(db, sql`select count(*) from orders where is_gift and ship_to_differs`),
      ).toBeGreaterThan(0);
      expect(await one(db, sql`select count(*) from orders where is_gift and not ship_to_differs`)).toBe(0);
      expect(await one(db, sql`select count(*) from orders where referral_code is not null`)).toBeGreaterThan(
        0,
      );
      expect(
        await one(
          db,
          sql`select count(*) from orders o left join referral_codes r on r.code = o.referral_code
                where o.referral_code is not null and r.code is null`,
        ),
      ).toBe(0);
      const wholesaleAov = await one(
        db,
        sql`select avg(o.total_paise) from orders o join customer_group_members m on m.customer_id = o.customer_id
              join customer_groups g on g.id = m.group_id where g.name = 'Wholesale'`,
      );
      const retailAov = await one(
        db,
        sql`select avg(total_paise) from orders o where not exists
              (select 1 from customer_group_members m where m.customer_id = o.customer_id)`,
      );
      expect(wholesaleAov).toBeGreaterThan(5 * retailAov);
    });

    it("peaks in the Diwali weeks: retail revenue per day above the window's daily average", async () => {
      const perDay = (from: string, to: string) =>
        one(
          db,
          sql`select coalesce(sum(total_paise), 0)::float8 /
                (extract(epoch from ${to}::timestamptz - ${from}::timestamptz) / 86400)
              from orders where status <> 'canceled' and sales_channel_id like 'sc_%WEBSTORE%'
                and placed_at >= ${from}::timestamptz and placed_at < ${to}::timestamptz`,
        );
      const average = await perDay("2024-11-24T18:30:00Z", "2026-11-24T18:30:00Z");
      // The two weeks before Diwali 2025 (20 Oct) and Diwali 2026 (8 Nov), IST.
      expect(await perDay("2025-10-05T18:30:00Z", "2025-10-19T18:30:00Z")).toBeGreaterThan(average);
      expect(await perDay("2026-10-24T18:30:00Z", "2026-11-07T18:30:00Z")).toBeGreaterThan(average);
    });
  });

  describe("catalog and stock", () => {
    it("has out-of-stock, low-stock and dead SKUs, and discontinued products that never sell", async () => {
      const stock = sql`select vi.variant_id, sum(l.stocked_quantity - l.reserved_quantity) as available
        from variant_inventory_items vi join inventory_levels l on l.inventory_item_id = vi.inventory_item_id
        group by vi.variant_id`;
      expect(await one(db, sql`select count(*) from (${stock}) s where available <= 0`)).toBeGreaterThan(0);
      expect(
        await one(db, sql`select count(*) from (${stock}) s where available between 1 and 4`),
      ).toBeGreaterThan(0);
      expect(
        await one(
          db,
          sql`select count(*) from (${stock}) s where available > 0
                and not exists (select 1 from order_items i where i.variant_id = s.variant_id)`,
        ),
      ).toBeGreaterThan(0);
      expect(await one(db, sql`select count(*) from products where discontinued`)).toBeGreaterThan(0);
      expect(
        await one(
          db,
          sql`select count(*) from order_items i join products p on p.id = i.product_id where p.discontinued`,
        ),
      ).toBe(0);
      expect(await one(db, sql`select count(distinct location_id) from inventory_levels`)).toBe(2);
    });
  });

  describe("customers", () => {
    it("live across India with many Jaipur locals, valid pincodes and phones", async () => {
      expect(
        await one(
          db,
          sql`select count(*) from customers where pincode !~ '^[1-9][0-9]{5}$' or phone !~ '^\\+91[6-9][0-9]{9}$' or email !~ '@'`,
        ),
      ).toBe(0);
      const jaipur = await one(
        db,
        sql`select avg(case when pincode like '302%' then 1.0 else 0 end) from customers`,
      );
      expect(jaipur).toBeGreaterThan(0.2);
      expect(await one(db, sql`select count(distinct city) from customers`)).toBeGreaterThan(10);
      expect(
        await one(
          db,
          sql`select count(*) from customers where marketing_consent and (consent_source is null or consent_at is null)`,
        ),
      ).toBe(0);
      const consent = await one(
        db,
        sql`select avg(case when marketing_consent then 1.0 else 0 end) from customers`,
      );
      expect(consent).toBeGreaterThan(0.3);
      expect(consent).toBeLessThan(0.7);
    });

    it("come back: repeat buyers with a long tail", async () => {
      const counts = sql`select customer_id, count(*) as n from orders group by customer_id`;
      expect(await one(db, sql`select count(*) from (${counts}) c where n >= 2`)).toBeGreaterThan(50);
      expect(await one(db, sql`select count(*) from (${counts}) c where n >= 4`)).toBeGreaterThan(0);
      const repeatOrders = await one(
        db,
        sql`select avg(case when exists (select 1 from orders p where p.customer_id = o.customer_id
              and p.placed_at < o.placed_at) then 1.0 else 0 end) from orders o`,
      );
      expect(repeatOrders).toBeGreaterThan(0.15);
      expect(repeatOrders).toBeLessThan(0.45);
    });
  });

  describe("carts and sessions", () => {
    it("has abandoned carts with contact details and carts recovered within 7 days", async () => {
      expect(await one(db, sql`select count(*) from carts where completed_at is null`)).toBeGreaterThan(
        ORDERS,
      );
      expect(
        await one(
          db,
          sql`select count(*) from carts where completed_at is null and (email is not null or phone is not null)`,
        ),
      ).toBeGreaterThan(0);
      expect(
        await one(
          db,
          sql`select count(*) from carts c where not exists (select 1 from cart_items i where i.cart_id = c.id)`,
        ),
      ).toBe(0);
      const recovered = await one(
        db,
        sql`select count(*) from carts c where completed_at - created_at > interval '1 hour'
              and completed_at - created_at <= interval '7 days'
              and exists (select 1 from web_sessions s where s.cart_id = c.id and s.utm_campaign = 'cart-recovery')`,
      );
      expect(recovered).toBeGreaterThan(ORDERS * 0.05);
    });

    it("attributes sessions to known channels and links converting sessions to the order's cart", async () => {
      const channels = await queryRows<{ channel: string }>(
        db,
        sql`select distinct channel from web_sessions`,
      );
      for (const { channel } of channels) expect(TRAFFIC_CHANNELS).toContain(channel);
      expect(channels.length).toBe(TRAFFIC_CHANNELS.length);
      expect(
        await one(
          db,
          sql`select count(*) from orders o where not exists
                (select 1 from web_sessions s where s.cart_id = o.cart_id and s.started_at <= o.placed_at)`,
        ),
      ).toBe(0);
      expect(
        await one(
          db,
          sql`select count(*) from web_sessions s left join referral_codes r on r.code = s.referral_code
                where s.referral_code is not null and r.code is null`,
        ),
      ).toBe(0);
      const sessions = await one(db, sql`select count(*) from web_sessions`);
      expect(ORDERS / sessions).toBeGreaterThan(0.1);
      expect(ORDERS / sessions).toBeLessThan(0.25);
    });

    it("records daily demo ad spend per paid channel and the seed parameters", async () => {
      expect(await one(db, sql`select count(distinct day) from ad_spend where source = 'demo'`)).toBe(730);
      expect(
        await one(db, sql`select count(*) from ad_spend where spend_paise % 100 <> 0 or spend_paise <= 0`),
      ).toBe(0);
      const [setting] = await queryRows<{ value: { orders: number; seed: number; end: string } }>(
        db,
        sql`select value from app_settings where key = 'demo.seed'`,
      );
      expect(setting?.value).toMatchObject({ orders: ORDERS, seed: 7, end: END });
    });
  });
});
