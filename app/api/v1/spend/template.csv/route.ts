import { apiRoute } from "@/lib/http";
import { istDay, systemClock } from "@/lib/time";
import { spendCsvTemplate } from "@/lib/traffic";

export const dynamic = "force-dynamic";

/** GET /api/v1/spend/template.csv: the spend sheet's header and two example rows. */
export const GET = apiRoute(
  { auth: "owner" },
  async () =>
    new Response(spendCsvTemplate(istDay(systemClock.now())), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="kosha-ad-spend-template.csv"',
      },
    }),
);
