import type { Db } from "@/db";
import { allSegments, type SegmentDefinition } from "./catalog";
import { readSegmentSettings } from "./settings";

/** The segment with this key, or null (for a 404). */
export async function findSegment(db: Db, key: string): Promise<SegmentDefinition | null> {
  const defs = await allSegments(db, await readSegmentSettings(db));
  return defs.find((d) => d.key === key) ?? null;
}
