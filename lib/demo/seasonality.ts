import { daysInclusive, type IstDay } from "@/lib/time";
import type { Category } from "./catalog";
import { festivalCalendar, type FestivalName } from "./festivals";

/*
 * How demand moves through an Indian handloom year: festival run-ups (Diwali above all, Raksha
 * Bandhan gifting, Karva Chauth and Teej for sarees, Holi for kurtas), the wedding season
 * (Nov-Feb), the winter razai peak (Nov-Jan), summer dohar and bedsheets, end-of-season sales
 * (first three weeks of January and July), a weekly rhythm and a growth trend.
 */

interface FestivalEffect {
  /** Run-up days before the festival in which demand ramps up to `peak`. */
  lead: number;
  /** Extra demand at the top of the run-up (0.6 = +60%). */
  peak: number;
  /** Last day of the run-up, counted in days before the festival (shipping cut-off). */
  until: number;
  /** Change on the festival day and the days right after (people celebrate, not shop). */
  after: number;
  categories: Partial<Record<Category, number>>;
  gift: number;
  campaign: string;
}

const effects: Record<FestivalName, FestivalEffect | undefined> = {
  diwali: {
    lead: 24,
    peak: 1.7,
    until: 2,
    after: -0.3,
    categories: { saree: 1.4, table_linen: 1.9, razai: 1.2, dupatta: 1.1 },
    gift: 0.24,
    campaign: "diwali",
  },
  raksha_bandhan: {
    lead: 14,
    peak: 0.8,
    until: 2,
    after: -0.1,
    categories: { dupatta: 1.8, kurta: 1.3, saree: 1.2 },
    gift: 0.38,
    campaign: "rakhi",
  },
  karva_chauth: {
    lead: 9,
    peak: 0.35,
    until: 1,
    after: 0,
    categories: { saree: 2 },
    gift: 0.15,
    campaign: "karva-chauth",
  },
  hariyali_teej: {
    lead: 9,
    peak: 0.3,
    until: 1,
    after: 0,
    categories: { saree: 1.6, dupatta: 1.5 },
    gift: 0.1,
    campaign: "teej",
  },
  holi: {
    lead: 8,
    peak: 0.2,
    until: 1,
    after: -0.1,
    categories: { kurta: 1.5, dupatta: 1.3 },
    gift: 0.08,
    campaign: "holi",
  },
  makar_sankranti: {
    lead: 6,
    peak: 0.15,
    until: 0,
    after: 0,
    categories: { razai: 1.2, kurta: 1.1 },
    gift: 0.06,
    campaign: "sankranti",
  },
  // Dhanteras sits inside the Diwali run-up; Diwali's effect covers it.
  dhanteras: undefined,
};

const monthly = [1.05, 0.95, 0.85, 0.8, 0.75, 0.75, 0.95, 1.0, 0.9, 1.1, 1.3, 1.15];
const weekday = [1.12, 0.92, 0.95, 0.97, 0.98, 1.02, 1.08]; // Sunday first
const categoryMonthly: Partial<Record<Category, number[]>> = {
  razai: [3.2, 1.4, 0.3, 0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 1.2, 3.0, 4.0],
  dohar: [0.6, 0.9, 1.4, 1.7, 1.8, 1.6, 1.2, 1.1, 1.0, 0.9, 0.7, 0.5],
  saree: [1.35, 1.3, 1, 0.9, 0.9, 0.85, 0.9, 1, 1, 1.1, 1.35, 1.35],
  kurta: [0.9, 0.9, 1.2, 1.3, 1.35, 1.3, 1.1, 1, 1, 1, 0.9, 0.85],
  bedsheet: [0.9, 0.9, 1, 1.2, 1.25, 1.2, 1, 1, 1, 1.1, 1.1, 0.9],
};
/** Year-on-year growth of a young D2C brand. */
const GROWTH_PER_YEAR = 1.7;

export interface DayProfile {
  day: IstDay;
  /** Relative order demand of the day. */
  weight: number;
  /** Demand multiplier per category on that day. */
  categories: Record<Category, number>;
  /** Share of orders that are gifts. */
  giftShare: number;
  /** End-of-season sale running (sitewide discount for most orders). */
  sale: boolean;
  /** utm_campaign the store runs that day. */
  campaign: string;
  /** True in the run-up to and on Diwali. */
  diwali: boolean;
}

export function isSaleDay(day: IstDay): boolean {
  const m = day.slice(5, 7);
  const d = Number(day.slice(8, 10));
  return (m === "01" || m === "07") && d <= 20;
}

export function dayProfile(day: IstDay, firstDay: IstDay): DayProfile {
  const month = Number(day.slice(5, 7)) - 1;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  const age = daysInclusive(firstDay, day) - 1;
  const sale = isSaleDay(day);
  let weight = monthly[month]! * weekday[dow]! * Math.pow(GROWTH_PER_YEAR, age / 365) * (sale ? 1.35 : 1);
  const cats: Record<Category, number> = {
    saree: categoryMonthly.saree![month]!,
    dupatta: 1,
    kurta: categoryMonthly.kurta![month]!,
    razai: categoryMonthly.razai![month]!,
    dohar: categoryMonthly.dohar![month]!,
    bedsheet: categoryMonthly.bedsheet![month]!,
    table_linen: 1,
  };
  let giftShare = 0.06;
  let campaign = sale
    ? `eoss-${month === 0 ? "jan" : "jul"}-${day.slice(0, 4)}`
    : month >= 10 || month === 0
      ? "winter-razai"
      : "new-arrivals";
  let diwali = false;
  let extra = 0;
  for (const f of festivalCalendar) {
    const e = effects[f.name];
    if (!e) continue;
    const before = daysInclusive(day, f.day) - 1; // days from `day` to the festival
    if (before < -3 || before > e.lead) continue;
    if (before >= e.until) {
      const ramp = (e.lead - before + 1) / (e.lead - e.until + 1);
      extra += e.peak * ramp;
    } else if (before >= 0) {
      extra += before > 0 ? e.peak * 0.5 : e.after;
    } else {
      extra += e.after;
    }
    if (before >= 0) {
      for (const [c, m] of Object.entries(e.categories) as [Category, number][]) cats[c] *= m;
      giftShare = Math.max(giftShare, e.gift);
      campaign = `${e.campaign}-${f.day.slice(0, 4)}`;
      if (f.name === "diwali") diwali = true;
    }
  }
  weight *= Math.max(0.3, 1 + extra);
  return { day, weight, categories: cats, giftShare, sale, campaign, diwali };
}
