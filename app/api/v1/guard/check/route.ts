import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { checkSkus, reevaluateSkus } from "@/lib/guard";
import { systemClock } from "@/lib/time";

export const dynamic = "force-dynamic";

const body = z.object({
  skus: z.array(z.string().min(1)).min(1).max(500),
  /** Also store the verdicts (the guard page's "re-check now"). */
  store: z.boolean().default(false),
});

/** POST /api/v1/guard/check `{ skus, store? }`: live verdicts, without promoting anything. */
export const POST = apiRoute({ auth: "owner", body }, async ({ db, body }) => {
  if (body.store) await reevaluateSkus(db, body.skus, systemClock);
  const verdicts = await checkSkus(db, body.skus, { clock: systemClock });
  return { verdicts: [...verdicts.values()] };
});
