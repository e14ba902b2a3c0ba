import { z } from "zod";
import { apiRoute, HttpError } from "@/lib/http";
import { deleteFestivalWindow, festivalWindowInput, updateFestivalWindow } from "@/lib/segments";

export const dynamic = "force-dynamic";

function windowId(raw: string | undefined): number {
  const id = z.coerce.number().int().positive().safeParse(raw);
  if (!id.success) throw new HttpError(400, "invalid_id", "Festival window id must be a positive integer.");
  return id.data;
}

/** PUT /api/v1/segments/festivals/{id}: edits a window's festival, year, label and dates. */
export const PUT = apiRoute({ auth: "owner", body: festivalWindowInput }, async ({ db, params, body }) => {
  const row = await updateFestivalWindow(db, windowId(params.id), body);
  if (!row) throw new HttpError(404, "not_found", "No such festival window.");
  return { window: row };
});

/** DELETE /api/v1/segments/festivals/{id} */
export const DELETE = apiRoute({ auth: "owner" }, async ({ db, params }) => {
  if (!(await deleteFestivalWindow(db, windowId(params.id)))) {
    throw new HttpError(404, "not_found", "No such festival window.");
  }
  return new Response(null, { status: 204 });
});
