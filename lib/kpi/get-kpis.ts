import type { Db } from "@/db";
import { daysInclusive } from "@/lib/time";
import { CHANNELS, SEGMENTS } from "./channels";
import { figure, perUnit, rate } from "./figures";
import { getCarts } from "./queries/carts";
import { total, type Sums } from "./queries/grouped";
import { getLtv } from "./queries/ltv";
import { getRevenue, type OrderField } from "./queries/revenue";
import { getSpend } from "./queries/spend";
import { getTraffic } from "./queries/traffic";
import { kpiQuerySchema, type ChannelRow, type KpiQueryInput, type KpiResponse } from "./schema";
import type { Period, Periods } from "./sql/periods";
import { comparisonWindow, daysOf, ltvCohort } from "./windows";

/**
 * Every dashboard figure for a window and its comparison window, read from the rollups only
 * (definitions: lib/kpi/DEFINITIONS.md). `segment` narrows order figures (and LTV's cohort);
 * `channel` narrows everything to orders, sessions, carts and spend of that channel.
 */
export async function getKpis(db: Db, input: KpiQueryInput): Promise<KpiResponse> {
  const q = kpiQuerySchema.parse(input);
  const periods: Periods = {
    current: { from: q.from, to: q.to },
    comparison: comparisonWindow({ from: q.from, to: q.to }, q.compare),
  };
  const [orders, traffic, carts, spend, ltv] = await Promise.all([
    getRevenue(db, { periods, segment: q.segment, channel: q.channel }),
    getTraffic(db, { periods, channel: q.channel }),
    getCarts(db, { periods, channel: q.channel }),
    getSpend(db, { periods, channel: q.channel }),
    getLtv(db, { periods, channel: q.channel }),
  ]);

  /** A figure from per-period totals. */
  const fig = (f: (p: Period) => number | null) => figure(f("current"), f("comparison"));
  const o = (p: Period, k: OrderField) => total(orders.byChannel[p], k);
  const sessions = (p: Period) => total(traffic.byChannel[p], "sessions");
  const spent = (p: Period) => total(spend.byChannel[p], "spend");
  const c = (p: Period, k: "abandoned" | "recovered" | "recoveredRevenue") => total(carts.byChannel[p], k);
  const net = (p: Period) => o(p, "gross") - o(p, "refunds") - o(p, "returns");

  const channels: ChannelRow[] = (q.channel ? [q.channel] : CHANNELS).map((channel) => {
    const os = (p: Period, k: OrderField) => orders.byChannel[p].get(channel)?.[k] ?? 0;
    const ss = (p: Period) => traffic.byChannel[p].get(channel)?.sessions ?? 0;
    const sp = (p: Period) => spend.byChannel[p].get(channel)?.spend ?? 0;
    return {
      channel,
      sessions: fig(ss),
      orders: fig((p) => os(p, "orders")),
      revenue: fig((p) => os(p, "gross")),
      netRevenue: fig((p) => os(p, "gross") - os(p, "refunds") - os(p, "returns")),
      conversionRate: fig((p) => rate(os(p, "orders"), ss(p))),
      spend: fig(sp),
      newCustomers: fig((p) => os(p, "newCustomers")),
      cac: fig((p) => perUnit(sp(p), os(p, "newCustomers"))),
      roas: fig((p) => rate(os(p, "gross"), sp(p))),
    };
  });

  const series = (p: Period) =>
    daysOf(periods[p]).map((day) => {
      const od = orders.byDay[p].get(day) as Sums<OrderField> | undefined;
      const sd = traffic.byDay[p].get(day)?.sessions ?? 0;
      return {
        day,
        revenue: od?.gross ?? 0,
        orders: od?.orders ?? 0,
        sessions: sd,
        conversionRate: rate(od?.orders ?? 0, sd),
      };
    });

  const ltvOf = (p: Period, segment: string) =>
    ltv[p].get(segment) ?? { customers: 0, netRevenue: 0, cohortCustomers: 0, cohortNet12m: 0 };
  const cohortCur = ltvCohort(periods.current.to);
  const cohortCmp = ltvCohort(periods.comparison.to);

  return {
    window: { from: q.from, to: q.to, days: daysInclusive(q.from, q.to) },
    comparison: {
      compare: q.compare,
      ...periods.comparison,
      days: daysInclusive(periods.comparison.from, periods.comparison.to),
    },
    filters: { channel: q.channel ?? null, segment: q.segment },
    figures: {
      revenue: fig((p) => o(p, "gross")),
      netRevenue: fig(net),
      refunds: fig((p) => o(p, "refunds")),
      returns: fig((p) => o(p, "returns")),
      orders: fig((p) => o(p, "orders")),
      sessions: fig(sessions),
      conversionRate: fig((p) => rate(o(p, "orders"), sessions(p))),
      aov: fig((p) => perUnit(o(p, "gross"), o(p, "orders"))),
      repeatRate: fig((p) => rate(o(p, "repeatOrders"), o(p, "orders"))),
      repeatOrders: fig((p) => o(p, "repeatOrders")),
      newCustomers: fig((p) => o(p, "newCustomers")),
      spend: fig(spent),
      cac: fig((p) => perUnit(spent(p), o(p, "newCustomers"))),
      roas: fig((p) => rate(o(p, "gross"), spent(p))),
      carts: {
        abandoned: fig((p) => c(p, "abandoned")),
        recovered: fig((p) => c(p, "recovered")),
        recoveryRate: fig((p) => rate(c(p, "recovered"), c(p, "abandoned"))),
        recoveredRevenue: fig((p) => c(p, "recoveredRevenue")),
      },
    },
    ltv: {
      segments: SEGMENTS.map((segment) => ({
        segment,
        customers: fig((p) => ltvOf(p, segment).customers),
        ltv: fig((p) => perUnit(ltvOf(p, segment).netRevenue, ltvOf(p, segment).customers)),
      })),
      cohort12m: {
        segment: q.segment,
        current: { firstFrom: cohortCur.from, firstTo: cohortCur.to },
        comparison: { firstFrom: cohortCmp.from, firstTo: cohortCmp.to },
        customers: fig((p) => ltvOf(p, q.segment).cohortCustomers),
        ltv: fig((p) => perUnit(ltvOf(p, q.segment).cohortNet12m, ltvOf(p, q.segment).cohortCustomers)),
      },
    },
    series: { current: series("current"), comparison: series("comparison") },
    channels,
  };
}
