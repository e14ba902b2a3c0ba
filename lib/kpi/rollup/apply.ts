import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { addDays, istDayStart } from "@/lib/time";
import { ABANDON_AFTER, customerKey, istDayOf } from "../sql/fragments";
import { dayList, textList } from "../sql/ids";
import { cartFactDays, refreshCartFacts } from "./cart-facts";
import { customerFirstDays, refreshCustomers } from "./customers";
import {
  recomputeDailyCarts,
  recomputeDailyCohorts,
  recomputeMonthlyCohorts,
  recomputeDailyOrders,
  recomputeDailySessions,
  recomputeDailySpend,
} from "./daily";
import { withRollupLock } from "./lock";
import { customerKeysOfOrders, orderFactDays, refreshOrderFacts } from "./order-facts";

/** What changed in the source tables since the rollups were last brought up to date. */
export interface RollupChanges {
  /** Orders upserted (or deleted): their customers' facts, carts and days are recomputed. */
  orderIds?: readonly string[];
  /** Web sessions inserted: attribution of linked orders and carts, and session counts. */
  sessionIds?: readonly string[];
  /** Carts upserted: abandonment and recovery. */
  cartIds?: readonly string[];
  /** Customers upserted (group membership decides `wholesale`). */
  customerIds?: readonly string[];
  /**
   * IST days to recompute whole: ad_spend / kpi_channel_costs edits, sessions moved or deleted,
   * or any repair. Also refreshes facts of orders placed and carts abandoned on those days.
   */
  days?: readonly string[];
}

export interface RollupApplied {
  customers: number;
  carts: number;
  orderDays: number;
  cartDays: number;
  sessionDays: number;
}

const uniq = (xs: Iterable<string>) => [...new Set(xs)];

/**
 * Brings the rollups up to date after source rows changed, recomputing only affected cells from
 * the raw rows (idempotent: calling it twice, or for rows that did not change, is harmless).
 * Call it after every mirror upsert that returned ids (Medusa processor, Admin sync, seeder),
 * after storing beacon sessions, and after spend/cost edits (with `days`).
 */
export async function applyToRollups(db: Db, changes: RollupChanges): Promise<RollupApplied> {
  return withRollupLock(db, (tx) => applyInTransaction(tx, changes));
}

async function applyInTransaction(db: Db, changes: RollupChanges): Promise<RollupApplied> {
  const orderIds = uniq(changes.orderIds ?? []);
  const sessionIds = uniq(changes.sessionIds ?? []);
  const days = uniq(changes.days ?? []);
  const keys = new Set<string>([...(changes.customerIds ?? [])]);
  const cartIds = new Set<string>([...(changes.cartIds ?? [])]);
  const sessionDays = new Set<string>(days);

  for (const k of await customerKeysOfOrders(db, orderIds)) keys.add(k);
  if (orderIds.length > 0) {
    const rows = await queryRows<{ cart_id: string }>(
      db,
      sql`select distinct cart_id from orders where id in ${textList(orderIds)} and cart_id is not null`,
    );
    for (const r of rows) cartIds.add(r.cart_id);
  }

  if (sessionIds.length > 0) {
    // A new session can change the attribution of every order and cart its visitor is linked to.
    const linked = await queryRows<{ cart_id: string | null; customer_id: string | null }>(
      db,
      sql`select distinct s.cart_id, s.customer_id from web_sessions s
          where s.visitor_id in (select v.visitor_id from web_sessions v where v.id in ${textList(sessionIds)})
            and (s.cart_id is not null or s.customer_id is not null)`,
    );
    const linkedCarts = uniq(linked.flatMap((r) => (r.cart_id ? [r.cart_id] : [])));
    const linkedCustomers = uniq(linked.flatMap((r) => (r.customer_id ? [r.customer_id] : [])));
    for (const c of linkedCarts) cartIds.add(c);
    for (const c of linkedCustomers) keys.add(c);
    if (linkedCarts.length > 0) {
      const rows = await queryRows<{ key: string }>(
        db,
        sql`select distinct ${customerKey(sql`customer_id`, sql`id`)} as key from orders
            where cart_id in ${textList(linkedCarts)}`,
      );
      for (const r of rows) keys.add(r.key);
    }
    if (linkedCustomers.length > 0) {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`select id from carts where customer_id in ${textList(linkedCustomers)}`,
      );
      for (const r of rows) cartIds.add(r.id);
    }
    const dayRows = await queryRows<{ day: string }>(
      db,
      sql`select distinct ${istDayOf(sql`started_at`)}::text as day from web_sessions where id in ${textList(sessionIds)}`,
    );
    for (const r of dayRows) sessionDays.add(r.day);
  }

  if (days.length > 0) {
    const sorted = [...days].sort();
    const start = istDayStart(sorted[0]!).toISOString();
    const end = istDayStart(addDays(sorted[sorted.length - 1]!, 1)).toISOString();
    const orderRows = await queryRows<{ key: string }>(
      db,
      sql`select distinct ${customerKey(sql`customer_id`, sql`id`)} as key from orders
          where placed_at >= ${start}::timestamptz and placed_at < ${end}::timestamptz
            and ${istDayOf(sql`placed_at`)} in ${dayList(days)}`,
    );
    for (const r of orderRows) keys.add(r.key);
    const cartRows = await queryRows<{ id: string }>(
      db,
      sql`select id from carts
          where last_activity_at >= ${start}::timestamptz - ${ABANDON_AFTER}
            and last_activity_at < ${end}::timestamptz - ${ABANDON_AFTER}
            and ${istDayOf(sql`last_activity_at + ${ABANDON_AFTER}`)} in ${dayList(days)}`,
    );
    for (const r of cartRows) cartIds.add(r.id);
  }

  // Facts of every order of an affected customer: a late earlier order turns the old first
  // order into a repeat one, a new gift order makes all of them gifting, and so on.
  const keyList = [...keys];
  const orderDays = new Set<string>([...days, ...(await orderFactDays(db, keyList))]);
  const cohortDays = new Set<string>([...days, ...(await customerFirstDays(db, keyList))]);
  await refreshOrderFacts(db, keyList);
  for (const d of await orderFactDays(db, keyList)) orderDays.add(d);
  await refreshCustomers(db, keyList);
  for (const d of await customerFirstDays(db, keyList)) cohortDays.add(d);

  const cartList = [...cartIds];
  const cartDays = new Set<string>([...days, ...(await cartFactDays(db, cartList))]);
  await refreshCartFacts(db, cartList);
  for (const d of await cartFactDays(db, cartList)) cartDays.add(d);

  await recomputeDailyOrders(db, [...orderDays]);
  await recomputeDailyCohorts(db, [...cohortDays]);
  await recomputeMonthlyCohorts(db, [...cohortDays]);
  await recomputeDailyCarts(db, [...cartDays]);
  await recomputeDailySessions(db, [...sessionDays]);
  await recomputeDailySpend(db, days);

  return {
    customers: keyList.length,
    carts: cartList.length,
    orderDays: orderDays.size,
    cartDays: cartDays.size,
    sessionDays: sessionDays.size,
  };
}
