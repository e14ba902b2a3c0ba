import { festiveReportCsv, getKpis, kpiQuerySchema } from "@/lib/kpi";
import { apiRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/kpis/report.csv?from&to&compare: the festive 5-number report as a CSV download. */
export const GET = apiRoute({ auth: "owner", query: kpiQuerySchema }, async ({ db, query }) => {
  const csv = festiveReportCsv(await getKpis(db, query));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="kosha-kpis-${query.from}_${query.to}.csv"`,
      "cache-control": "no-store",
    },
  });
});
