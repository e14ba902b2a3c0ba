import { apiRoute } from "@/lib/http";
import { systemClock } from "@/lib/time";
import { listAdSpend, manualSpendSchema, saveAdSpend, spendWindowSchema } from "@/lib/traffic";

export const dynamic = "force-dynamic";

/** GET /api/v1/spend?from=YYYY-MM-DD&to=YYYY-MM-DD: spend cells and per-channel totals (IST days, inclusive). */
export const GET = apiRoute({ auth: "owner", query: spendWindowSchema(systemClock) }, async ({ db, query }) =>
  listAdSpend(db, query),
);

/** POST /api/v1/spend `{ day, channel, spendInr, note? }`: sets one day's spend on one channel. */
export const POST = apiRoute(
  { auth: "owner", body: manualSpendSchema(systemClock) },
  async ({ db, body }) => {
    const { spendInr, ...rest } = body;
    const entry = { ...rest, spendPaise: spendInr, note: body.note ?? null };
    await saveAdSpend(db, [entry], "manual");
    return Response.json({ saved: { ...entry, source: "manual" } }, { status: 201 });
  },
);
