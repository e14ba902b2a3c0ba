import type { IstDay } from "@/lib/time";

/*
 * Festival calendar for the demo store (and for anyone who needs "the Diwali weeks"). Hindu
 * festivals follow the lunar calendar, so dates move every year; these are the dates commonly
 * published for North India (Lakshmi Puja for Diwali), matching the festival_windows seed. Outside 2023-2027 the seeder still applies monthly seasonality
 * but no festival peaks.
 */
export type FestivalName =
  "makar_sankranti" | "holi" | "hariyali_teej" | "raksha_bandhan" | "karva_chauth" | "dhanteras" | "diwali";

export interface Festival {
  name: FestivalName;
  day: IstDay;
}

const byYear: Record<number, Record<FestivalName, string>> = {
  2023: {
    makar_sankranti: "01-15",
    holi: "03-08",
    hariyali_teej: "08-19",
    raksha_bandhan: "08-30",
    karva_chauth: "11-01",
    dhanteras: "11-10",
    diwali: "11-12",
  },
  2024: {
    makar_sankranti: "01-15",
    holi: "03-25",
    hariyali_teej: "08-07",
    raksha_bandhan: "08-19",
    karva_chauth: "10-20",
    dhanteras: "10-29",
    diwali: "10-31",
  },
  2025: {
    makar_sankranti: "01-14",
    holi: "03-14",
    hariyali_teej: "07-27",
    raksha_bandhan: "08-09",
    karva_chauth: "10-10",
    dhanteras: "10-18",
    diwali: "10-20",
  },
  2026: {
    makar_sankranti: "01-14",
    holi: "03-04",
    hariyali_teej: "08-15",
    raksha_bandhan: "08-28",
    karva_chauth: "10-29",
    dhanteras: "11-06",
    diwali: "11-08",
  },
  2027: {
    makar_sankranti: "01-15",
    holi: "03-22",
    hariyali_teej: "08-05",
    raksha_bandhan: "08-17",
    karva_chauth: "10-18",
    dhanteras: "10-27",
    diwali: "10-29",
  },
};

export const festivalCalendar: readonly Festival[] = Object.entries(byYear)
  .flatMap(([year, days]) =>
    Object.entries(days).map(([name, md]) => ({ name: name as FestivalName, day: `${year}-${md}` })),
  )
  .sort((a, b) => a.day.localeCompare(b.day));

/** Festivals whose day falls within [from, to], both inclusive. */
export function festivalsBetween(from: IstDay, to: IstDay, name?: FestivalName): Festival[] {
  return festivalCalendar.filter((f) => f.day >= from && f.day <= to && (!name || f.name === name));
}

/** The Diwali day of a calendar year, if the calendar knows it. */
export function diwaliOf(year: number): IstDay | undefined {
  const md = byYear[year]?.diwali;
  return md ? `${year}-${md}` : undefined;
}
