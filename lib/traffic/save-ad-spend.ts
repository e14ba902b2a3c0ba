import type { Db } from "@/db";
import { applyToRollups } from "@/lib/kpi";
import type { SpendEntry } from "./spend-fields";
import { upsertAdSpend } from "./upsert";

export type SpendSource = "csv" | "manual" | "demo";

/**
 * Writes spend cells, one per (IST day, channel), through the traffic upsert: a later import or
 * entry for the same cell replaces it (a corrected sheet is simply uploaded again). One
 * transaction, so an import lands whole or not at all; then the KPI rollups of those days.
 */
export async function saveAdSpend(db: Db, entries: SpendEntry[], source: SpendSource): Promise<number> {
  if (entries.length === 0) return 0;
  await db.transaction(async (tx) => {
    await upsertAdSpend(
      tx as unknown as Db,
      entries.map((e) => ({ ...e, source })),
    );
  });
  // Channel ROI / CAC cells of these days read ad_spend: bring them up to date now.
  await applyToRollups(db, { days: [...new Set(entries.map((e) => e.day))] });
  return entries.length;
}
