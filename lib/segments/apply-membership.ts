import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import type { SegmentSettings } from "./settings";
import { at, countedOrder, inScope, isBulk, istDayOf, monthsBefore, type Scope } from "./sql-fragments";

export interface MembershipChange {
  customerId: string;
  segmentKey: string;
  change: "entered" | "left";
}

/*
 * One statement computes who should be in which segment (from segment_customer_stats, the
 * customer groups and the festival calendar), diffs it against segment_members for the target
 * customers, and writes the entries, exits and their history rows. Being one statement it is
 * atomic and needs no temp tables (postgres.js may run consecutive statements on different
 * connections).
 */
/*
 * RFM scores: 1 + floor(5 × (customers strictly below) / n) per dimension, i.e. rank ascending
 * with ties sharing the lower rank. A score reaches k + 1 exactly when at least ceil(k·n/5)
 * customers are strictly below, that is when the value exceeds the ceil(k·n/5)-th smallest of the
 * population. So four cut values per dimension, read off one sort of the population each, score
 * anyone by comparison: a targeted run no longer counts the population once per customer, and a
 * full run no longer ranks it with window functions (whose peer groups spilled and were re-read).
 */
const RFM_DIMENSIONS = { r: "last_order_at", f: "orders24m", m: "monetary24m_paise" } as const;

function rfmCuts(column: string) {
  return sql.raw(`(
      select array_agg(x.v order by k.k)
        from rfm_n cross join generate_series(1, 4) k(k)
        join (select ${column} as v, row_number() over (order by ${column}) as rn from rfm_population) x
          on x.rn = ceil(k.k * rfm_n.n / 5.0))`);
}

function rfmScores(scope: Scope) {
  const score = (dim: keyof typeof RFM_DIMENSIONS) =>
    sql.raw(`1 + ${[1, 2, 3, 4].map((k) => `(p.${RFM_DIMENSIONS[dim]} > c.${dim}[${k}])::int`).join(" + ")}`);
  return sql`
    select p.customer_id, ${score("r")} as r, ${score("f")} as f, ${score("m")} as m
      from rfm_population p cross join rfm_cuts c
     where ${inScope(sql`p.customer_id`, scope)}`;
}

export function membershipStatement(scope: Scope, now: Date, s: SegmentSettings, fresh = false) {
  const nowAt = at(now);
  const cutoff = at(monthsBefore(now, s.rfmWindowMonths));
  const days = (col: string) => sql.raw(`floor(${col})::int`);
  return sql`
  with s as (
    select st.*, extract(epoch from (${nowAt} - st.last_order_at)) / 86400.0 as days_since
      from segment_customer_stats st
      join customers c on c.id = st.customer_id and c.deleted_at is null
     where ${inScope(sql`st.customer_id`, scope)}
  ),
  -- Everyone scored in the window (a partition's members are ranked among all customers); a
  -- full run's s already is everyone, so it is not joined twice.
  rfm_population as materialized (
    select st.customer_id, st.last_order_at, st.orders24m, st.monetary24m_paise
      from ${
        scope.kind === "all"
          ? sql`s st`
          : sql`segment_customer_stats st join customers c on c.id = st.customer_id and c.deleted_at is null`
      }
     where st.last_order_at >= ${cutoff}
  ),
  rfm_n as (select count(*) as n from rfm_population),
  -- Materialized: inlined, each of the twelve comparisons re-ran its sort of the population.
  rfm_cuts as materialized (
    select ${rfmCuts(RFM_DIMENSIONS.r)} as r, ${rfmCuts(RFM_DIMENSIONS.f)} as f, ${rfmCuts(RFM_DIMENSIONS.m)} as m
  ),
  rfm as (${rfmScores(scope)}),
  wholesale_groups as (
    select gm.customer_id, min(g.name) as name
      from customer_group_members gm
      join customer_groups g on g.id = gm.group_id and g.deleted_at is null
     where lower(g.name) in (select lower(jsonb_array_elements_text(${JSON.stringify(s.wholesaleGroupNames)}::jsonb)))
       and ${inScope(sql`gm.customer_id`, scope)}
     group by gm.customer_id
  ),
  -- Materialized: inlined, the planner loops the calendar per customer instead of hashing it.
  festival_days as materialized (
    select fw.festival, fw.year, fw.label, d::date as day
      from festival_windows fw,
           generate_series(fw.starts_on::timestamp, fw.ends_on::timestamp, interval '1 day') d
  ),
  -- Grouped here, on the orders' side of the join, so the join to the customers is one row per
  -- (customer, festival, year) rather than one per order; bytewise ids as in refresh-stats.
  festival_orders as materialized (
    select o.customer_id collate "C" as customer_id, f.festival, f.year, min(f.label) as label
      from orders o
      join festival_days f on f.day = ${istDayOf(sql`o.placed_at`)}
     where ${countedOrder("o")} and ${inScope(sql`o.customer_id`, scope)}
     group by 1, 2, 3
  ),
  desired as (
    select customer_id, 'new' as segment_key, 'One counted order' as reason from s where orders_count = 1
    union all
    select customer_id, 'repeat', orders_count || ' counted orders' from s where orders_count >= 2
    union all
    select s.customer_id, 'vip', 'RFM ' || r || '+' || f || '+' || m || ' = ' || (r + f + m)
      from s join rfm on rfm.customer_id = s.customer_id where r + f + m >= ${s.vipMinScore}
    union all
    select customer_id, 'at_risk',
           'Last order ' || ${days("days_since")} || ' days ago; usual gap ' || round(median_gap_days::numeric, 1) || ' days'
      from s
     where orders_count >= 2 and days_since > ${s.atRiskGapFactor} * median_gap_days and days_since < ${s.churnDays}
    union all
    select customer_id, 'churned', 'Last order ' || ${days("days_since")} || ' days ago'
      from s where days_since >= ${s.churnDays}
    union all
    select s.customer_id, 'wholesale',
           case when wg.name is not null then 'In Medusa group "' || wg.name || '"'
                else 'Largest order ' || (s.max_order_paise / 100) || ' rupees, ' || s.max_order_units || ' units' end
      from s left join wholesale_groups wg on wg.customer_id = s.customer_id
     where wg.name is not null or s.max_order_paise >= ${s.wholesaleMinOrderPaise}
        or s.max_order_units >= ${s.wholesaleMinOrderUnits}
    union all
    select customer_id, 'gifting', 'Gift order, gift note or a different ship-to address' from s where has_gift_order
    union all
    select fo.customer_id, 'festival:' || fo.festival || ':' || fo.year, 'Ordered during ' || fo.label
      from festival_orders fo
      -- = "in s": whoever has a counted order has a stats row, refreshed in this transaction
      join customers c on c.id = fo.customer_id and c.deleted_at is null
  ),
  ${fresh ? freshTail(scope, nowAt) : diffTail(scope, nowAt)}`;
}

/*
 * A first run (no members in the scope yet, under the lock) has nothing to diff against: every
 * desired row enters. Skipping the full join and the materialized diff, and writing one table's
 * rows from the other's insert RETURNING rather than from a second copy of the entries, spares a
 * first run buffering its ~450k rows per partition twice more. Members go in customer order,
 * without "on conflict", for the reasons given in diffTail.
 * Odd partitions write history first and members second, even ones the other way round: two
 * partitions side by side then mostly fill different tables (their hot index pages, relation
 * extension) instead of contending for the same ones.
 */
function freshTail(scope: Scope, nowAt: SQL) {
  const historyFirst = scope.kind === "partition" && scope.index % 2 === 1;
  // The first insert hands its rows on to the second.
  const back = (first: boolean) => (first ? sql`returning segment_key, customer_id, reason` : sql``);
  const membersFrom = (source: SQL, first: boolean) => sql`
    insert into segment_members (segment_key, customer_id, since, reason)
    select segment_key, customer_id, ${nowAt}, reason from ${source}
    order by customer_id collate "C", segment_key
    ${back(first)}`;
  const historyFrom = (source: SQL, first: boolean) => sql`
    insert into segment_history (segment_key, customer_id, change, at, reason)
    select segment_key, customer_id, 'entered', ${nowAt}, reason from ${source}
    ${back(first)}`;
  return historyFirst
    ? sql`
  history as (${historyFrom(sql`desired`, true)}),
  added as (${membersFrom(sql`history`, false)})
  select null as customer_id, null as segment_key, 'entered' as change, count(*) as n from history`
    : sql`
  added as (${membersFrom(sql`desired`, true)}),
  history as (${historyFrom(sql`added`, false)})
  select null as customer_id, null as segment_key, 'entered' as change, count(*) as n from added`;
}

function diffTail(scope: Scope, nowAt: SQL) {
  return sql`
  current_members as (
    select segment_key, customer_id from segment_members where ${inScope(sql`customer_id`, scope)}
  ),
  -- One hash full join finds both directions: desired-only rows enter, current-only rows leave.
  diff as materialized (
    select coalesce(d.segment_key, c.segment_key) as segment_key,
           coalesce(d.customer_id, c.customer_id) as customer_id,
           d.reason, c.customer_id is null as entering
      from desired d
      full join current_members c on c.segment_key = d.segment_key and c.customer_id = d.customer_id
     where d.customer_id is null or c.customer_id is null
  ),
  entered as (select segment_key, customer_id, reason from diff where entering),
  gone as (
    select g.segment_key, g.customer_id,
           coalesce('No longer matches: ' || st.orders_count || ' counted orders, last '
                      || floor(extract(epoch from (${nowAt} - st.last_order_at)) / 86400)::int || ' days ago',
                    'No counted orders') as reason
      from diff g left join segment_customer_stats st on st.customer_id = g.customer_id
     where not g.entering
  ),
  -- history's indexes (id, at) only ever append, so its rows go in as they come; a bulk run asks
  -- for no rows back (it counts the diff instead).
  history as (
    insert into segment_history (segment_key, customer_id, change, at, reason)
    select segment_key, customer_id, 'entered', ${nowAt}, reason from entered
    union all
    select segment_key, customer_id, 'left', ${nowAt}, reason from gone
    ${isBulk(scope) ? sql`` : sql`returning customer_id, segment_key, change`}
  ),
  -- Members are written in customer order: both indexes then fill page after page instead of
  -- touching a random leaf per row (a first run writes ~900k rows; ~25% faster).
  -- No "on conflict": runs are serialized by the lock taken in recompute.ts, so no other run can
  -- have added the row since the diff was read (and skipping the speculative insert saves ~30%).
  added as (
    insert into segment_members (segment_key, customer_id, since, reason)
    select segment_key, customer_id, ${nowAt}, reason from entered
    order by customer_id collate "C", segment_key
    returning 1
  ),
  removed as (
    delete from segment_members m using gone g
     where m.segment_key = g.segment_key and m.customer_id = g.customer_id
    returning 1
  )
  ${
    isBulk(scope)
      ? sql`select null as customer_id, null as segment_key,
                   case when entering then 'entered' else 'left' end as change, count(*) as n
              from diff group by entering`
      : sql`select customer_id, segment_key, change, 1 as n from history`
  }`;
}

/**
 * Applies membership for the scope's customers. A targeted run returns every change; a full run
 * or a partition of one returns counts only, since a first run can move hundreds of thousands of
 * rows.
 */
export async function applyMembership(
  db: Db,
  scope: Scope,
  now: Date,
  s: SegmentSettings,
): Promise<{ entered: number; left: number; changes: MembershipChange[] }> {
  const rows = await queryRows<{
    customer_id: string | null;
    segment_key: string | null;
    change: "entered" | "left";
    n: string | number;
  }>(db, membershipStatement(scope, now, s, isBulk(scope) && !(await hasMembers(db))));
  const count = (c: string) => rows.filter((r) => r.change === c).reduce((a, r) => a + Number(r.n), 0);
  const changes = isBulk(scope)
    ? []
    : rows.map((r) => ({ customerId: r.customer_id!, segmentKey: r.segment_key!, change: r.change }));
  return { entered: count("entered"), left: count("left"), changes };
}

/**
 * Whether any membership is visible yet: when none is, the scope has none either and the run
 * takes the fresh path. It asks about the whole table rather than the scope because a partition's
 * hash is no index: a nightly run would scan up to half of segment_members for the first row of
 * its partition, where any row will do. Read under the run's partition lock, so no other run can
 * add a member to the scope before the membership statement; the other partitions of a first run
 * have not committed theirs, so each still finds the table empty.
 */
async function hasMembers(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from segment_members) as any`,
  );
  return row?.any === true;
}
