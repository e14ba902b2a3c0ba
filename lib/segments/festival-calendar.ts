import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { festivalWindows } from "@/db/schema";
import { isIstDay } from "@/lib/time";

const day = z.string().refine(isIstDay, "a calendar day, YYYY-MM-DD");

export const festivalWindowInput = z
  .object({
    festival: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, "lower_snake_case, e.g. diwali"),
    year: z.number().int().min(2000).max(2100),
    label: z.string().min(1).max(200),
    startsOn: day,
    endsOn: day,
  })
  .refine((w) => w.startsOn <= w.endsOn, { message: "endsOn is before startsOn", path: ["endsOn"] });

export type FestivalWindowInput = z.infer<typeof festivalWindowInput>;
export type FestivalWindow = typeof festivalWindows.$inferSelect;

export async function listFestivalWindows(db: Db, year?: number): Promise<FestivalWindow[]> {
  return db
    .select()
    .from(festivalWindows)
    .where(year === undefined ? undefined : eq(festivalWindows.year, year))
    .orderBy(asc(festivalWindows.startsOn), asc(festivalWindows.festival));
}

/** Creates a window, or replaces the one of the same festival starting the same day. */
export async function saveFestivalWindow(db: Db, input: FestivalWindowInput): Promise<FestivalWindow> {
  const w = festivalWindowInput.parse(input);
  const [row] = await db
    .insert(festivalWindows)
    .values({ ...w, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [festivalWindows.festival, festivalWindows.startsOn],
      set: { year: w.year, label: w.label, endsOn: w.endsOn, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

export async function updateFestivalWindow(
  db: Db,
  id: number,
  input: FestivalWindowInput,
): Promise<FestivalWindow | null> {
  const w = festivalWindowInput.parse(input);
  const [row] = await db
    .update(festivalWindows)
    .set({ ...w, updatedAt: new Date() })
    .where(eq(festivalWindows.id, id))
    .returning();
  return row ?? null;
}

export async function deleteFestivalWindow(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .delete(festivalWindows)
    .where(eq(festivalWindows.id, id))
    .returning({ id: festivalWindows.id });
  return rows.length > 0;
}
