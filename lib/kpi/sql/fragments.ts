import { sql, type SQL } from "drizzle-orm";
import { CHANNELS } from "../channels";

/*
 * The SQL fragments every rollup shares, written once (lib/kpi/DEFINITIONS.md says what they mean).
 * Each takes the SQL of the columns it works on, so callers choose their own aliases.
 */

/** The IST calendar day of a timestamptz; Asia/Kolkata is a fixed +05:30, as in lib/time. */
export function istDayOf(instant: SQL): SQL {
  return sql`(((${instant}) at time zone 'UTC') + interval '5 hours 30 minutes')::date`;
}

/** An order counts unless it was canceled. */
export function countedOrder(status: SQL): SQL {
  return sql`(${status} <> 'canceled')`;
}

/** A channel as reported by a source, folded into the known list (unknown → `other`). */
export function knownChannel(channel: SQL): SQL {
  return sql`(case when ${channel} in (${sql.join(
    CHANNELS.map((c) => sql`${c}`),
    sql`, `,
  )}) then ${channel} else 'other' end)`;
}

/** Orders and carts are "customers" by customer id; an order without one is its own customer. */
export function customerKey(customerId: SQL, orderId: SQL): SQL {
  return sql`coalesce(${customerId}, 'guest:' || ${orderId})`;
}

export const ATTRIBUTION_LOOKBACK = sql`interval '28 days'`;

/**
 * The channel of the last non-direct visit in the 28 days up to `at` (both ends inclusive) by
 * any visitor linked to the cart or customer, or null. A visitor (beacon cookie) is linked when
 * one of its sessions carries the cart id or the customer id; every session of a linked visitor
 * then counts, so an Instagram visit before the cart was opened still attributes the order.
 */
export function lastTouchChannel(p: { cartId: SQL; customerId: SQL; at: SQL }): SQL {
  // Visitors first, then each visitor's latest qualifying session through the (visitor_id,
  // started_at) index: scanning sessions by time instead would read every visit of those 28 days.
  return sql`(select t.channel from (
        select v.visitor_id from web_sessions v where v.cart_id = ${p.cartId}
        union select v.visitor_id from web_sessions v where v.customer_id = ${p.customerId}) lv
      cross join lateral (
        select ${knownChannel(sql`s.channel`)} as channel, s.started_at, s.id from web_sessions s
        where s.visitor_id = lv.visitor_id
          and s.channel <> 'direct'
          and s.started_at >= ${p.at} - ${ATTRIBUTION_LOOKBACK}
          and s.started_at <= ${p.at}
        order by s.started_at desc, s.id desc
        limit 1) t
    order by t.started_at desc, t.id desc
    limit 1)`;
}

/** An order's channel: its referral code's channel (influencer if unknown), else last touch, else direct. */
export function orderChannel(o: { referralCode: SQL; cartId: SQL; customerId: SQL; placedAt: SQL }): SQL {
  return sql`coalesce(
    case when nullif(${o.referralCode}, '') is not null then coalesce(
      (select ${knownChannel(sql`rc.channel`)} from referral_codes rc where rc.code = ${o.referralCode}),
      'influencer') end,
    ${lastTouchChannel({ cartId: o.cartId, customerId: o.customerId, at: o.placedAt })},
    'direct')`;
}

/** Minutes without activity after which a cart with items and a contact is abandoned. */
export const ABANDON_AFTER = sql`interval '60 minutes'`;
/** An abandoned cart is recovered by an order within this long after abandonment. */
export const RECOVERY_WITHIN = sql`interval '7 days'`;

/**
 * Sum of a paise (bigint) column for a read query. sum(bigint) accumulates in numeric, which cost
 * about half of a two-year /api/v1/kpis request; float8 adds integers exactly while every partial
 * sum stays below 2^53 paise (₹90 trillion), the same bound the API's JS numbers already have.
 */
export function sumPaise(column: SQL): SQL {
  return sql`sum((${column})::float8)`;
}
