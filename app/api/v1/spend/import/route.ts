import { apiRoute, HttpError, readText } from "@/lib/http";
import { systemClock } from "@/lib/time";
import { parseSpendCsv, saveAdSpend } from "@/lib/traffic";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/spend/import with the CSV as the body (text/csv). All or nothing: any row error
 * answers 400 with every issue as `{ row, column, message }` and stores nothing.
 */
export const POST = apiRoute({ auth: "owner" }, async ({ db, req }) => {
  const text = await readText(req, 2 * 1024 * 1024);
  const parsed = parseSpendCsv(text, systemClock);
  if (!parsed.ok) {
    const n = parsed.issues.length;
    throw new HttpError(
      400,
      "invalid_csv",
      `${n} problem${n === 1 ? "" : "s"} in the file; nothing was imported. Fix them and upload again.`,
      parsed.issues,
    );
  }
  const imported = await saveAdSpend(db, parsed.entries, "csv");
  const days = parsed.entries.map((e) => e.day).sort();
  return { imported, from: days[0], to: days.at(-1) };
});
