import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { schema, type Db } from "@/db";
import type { ResourceName } from "../resources";

/*
 * Where a resource's sync stands, one app_settings row per resource ("medusa.sync.cursor.orders").
 * Keyset on updated_at: `since` is the newest updated_at read so far and `skip` how many records
 * carrying exactly that updated_at were already read, so the next page is
 * `updated_at[$gte]=since&order=updated_at&offset=skip`. Written after every page, so a crashed
 * run resumes at the page it was on; a record updated mid-run moves past the cursor and is read
 * again, never skipped.
 */
export const cursorSchema = z.object({
  since: z.string().nullable(),
  skip: z.number().int().nonnegative(),
  /** A run that has not finished: a re-run with the same mode continues it. */
  inProgress: z.enum(["full", "incremental"]).nullable(),
  done: z.number().int().nonnegative().default(0),
  total: z.number().int().nonnegative().nullable().default(null),
  finishedAt: z.string().nullable().default(null),
});
export type SyncCursor = z.infer<typeof cursorSchema>;

export const DEFAULT_NAMESPACE = "medusa.sync.cursor";

export const cursorKey = (namespace: string, resource: ResourceName) => `${namespace}.${resource}`;

export async function readCursor(db: Db, key: string): Promise<SyncCursor | null> {
  const rows = await db
    .select({ value: schema.appSettings.value })
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, key));
  if (!rows[0]) return null;
  const parsed = cursorSchema.safeParse(rows[0].value);
  // A cursor Kosha cannot read is treated as absent: the worst case is a re-read, never a gap.
  return parsed.success ? parsed.data : null;
}

export async function writeCursor(db: Db, key: string, cursor: SyncCursor): Promise<void> {
  await db
    .insert(schema.appSettings)
    .values({ key, value: cursor })
    .onConflictDoUpdate({ target: schema.appSettings.key, set: { value: cursor, updatedAt: sql`now()` } });
}
