import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { festivalWindowInput, listFestivalWindows, saveFestivalWindow } from "@/lib/segments";

export const dynamic = "force-dynamic";

const query = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** GET /api/v1/segments/festivals?year=: the festival calendar (IST days, both inclusive). */
export const GET = apiRoute({ auth: "owner", query }, async ({ db, query }) => ({
  windows: await listFestivalWindows(db, query.year),
}));

/** POST /api/v1/segments/festivals: adds a window (or replaces the festival's window starting that day). */
export const POST = apiRoute({ auth: "owner", body: festivalWindowInput }, async ({ db, body }) =>
  Response.json({ window: await saveFestivalWindow(db, body) }, { status: 201 }),
);
