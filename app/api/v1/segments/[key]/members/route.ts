import { z } from "zod";
import { apiRoute, HttpError } from "@/lib/http";
import { findSegment, listSegmentMembers, memberListQuery, segmentMembersCsv } from "@/lib/segments";

export const dynamic = "force-dynamic";

const query = memberListQuery.extend({ format: z.enum(["json", "csv"]).default("json") });

/** GET /api/v1/segments/{key}/members?limit&offset: one page of members; `format=csv` exports all. */
export const GET = apiRoute({ auth: "owner", query }, async ({ db, params, query }) => {
  const key = decodeURIComponent(params.key ?? "");
  const segment = await findSegment(db, key);
  if (!segment) throw new HttpError(404, "not_found", `No segment "${key}".`);
  if (query.format === "csv") {
    const filename = `segment-${key.replace(/[^a-z0-9_-]+/gi, "-")}.csv`;
    return new Response(await segmentMembersCsv(db, key), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
      },
    });
  }
  return { segment, ...(await listSegmentMembers(db, key, query)) };
});
