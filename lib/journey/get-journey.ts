import type { Db } from "@/db";
import { istWindow } from "@/lib/time";
import { advocacyNumbers } from "./queries/advocacy";
import { considerationNumbers } from "./queries/consideration";
import { discoveryNumbers } from "./queries/discovery";
import { purchaseNumbers } from "./queries/purchase";
import { retentionNumbers } from "./queries/retention";
import { journeyQuerySchema, type JourneyQuery } from "./schema";

/**
 * The customer journey's measured numbers for a window (seed §2): Discovery, Consideration,
 * Purchase, Retention, Advocacy. One query per stage, each over the tables that stage lives in.
 */
export async function getJourney(db: Db, input: JourneyQuery) {
  const q = journeyQuerySchema.parse(input);
  const w = { from: q.from, to: q.to, ...istWindow(q.from, q.to) };
  const [discovery, consideration, purchase, retention, advocacy] = await Promise.all([
    discoveryNumbers(db, w),
    considerationNumbers(db, w),
    purchaseNumbers(db, w),
    retentionNumbers(db, w),
    advocacyNumbers(db, w),
  ]);
  return { window: { from: q.from, to: q.to }, discovery, consideration, purchase, retention, advocacy };
}
export type Journey = Awaited<ReturnType<typeof getJourney>>;
