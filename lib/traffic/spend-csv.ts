import type { z } from "zod";
import type { Clock } from "@/lib/time";
import { csvField, CsvSyntaxError, parseCsv } from "./csv";
import {
  spendChannelSchema,
  spendDaySchema,
  spendInrSchema,
  spendNoteSchema,
  type SpendEntry,
} from "./spend-fields";

/*
 * The spend sheet: header row `date,channel,spend_inr[,note]` (any order, any case, extra columns
 * ignored), one row per IST day and channel. Errors name the spreadsheet row (the header is row 1)
 * and the column, so the owner can fix the file and upload it again.
 */
export const SPEND_CSV_COLUMNS = ["date", "channel", "spend_inr", "note"] as const;
const REQUIRED = ["date", "channel", "spend_inr"] as const;
export const SPEND_CSV_MAX_ROWS = 10_000;

export interface SpendCsvIssue {
  /** Spreadsheet row: the header is row 1, the first entry row 2. 0 = the file as a whole. */
  row: number;
  column: string | null;
  message: string;
}

export type SpendCsvResult = { ok: true; entries: SpendEntry[] } | { ok: false; issues: SpendCsvIssue[] };

export function parseSpendCsv(text: string, clock: Clock): SpendCsvResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      return { ok: false, issues: [{ row: e.line, column: null, message: e.message }] };
    throw e;
  }
  const nonBlank = records.filter((r) => r.fields.some((f) => f.trim() !== ""));
  const header = nonBlank[0];
  if (!header) {
    return {
      ok: false,
      issues: [{ row: 0, column: null, message: "the file is empty; start from the template" }],
    };
  }
  const index = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((c) => ({
        row: header.line,
        column: c,
        message: `the header has no "${c}" column (expected ${SPEND_CSV_COLUMNS.join(",")})`,
      })),
    };
  }
  const rows = nonBlank.slice(1);
  if (rows.length === 0)
    return {
      ok: false,
      issues: [{ row: 0, column: null, message: "the file has no rows under the header" }],
    };
  if (rows.length > SPEND_CSV_MAX_ROWS) {
    return {
      ok: false,
      issues: [
        {
          row: 0,
          column: null,
          message: `${rows.length} rows is more than ${SPEND_CSV_MAX_ROWS}; split the file`,
        },
      ],
    };
  }

  const day = spendDaySchema(clock);
  const issues: SpendCsvIssue[] = [];
  const entries: SpendEntry[] = [];
  const seen = new Map<string, number>();
  for (const record of rows) {
    const cell = (column: string) => {
      const i = index.get(column);
      return i === undefined ? "" : (record.fields[i] ?? "");
    };
    const rowIssues: SpendCsvIssue[] = [];
    const check = <T>(column: string, result: z.ZodSafeParseResult<T>) => {
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        rowIssues.push({ row: record.line, column, message: `${column} "${cell(column)}" ${issue.message}` });
      }
      return undefined;
    };
    const d = check("date", day.safeParse(cell("date")));
    const channel = check("channel", spendChannelSchema.safeParse(cell("channel")));
    const spendPaise = check("spend_inr", spendInrSchema.safeParse(cell("spend_inr")));
    const note = check("note", spendNoteSchema.safeParse(cell("note")));
    if (d !== undefined && channel !== undefined) {
      const key = `${d}|${channel}`;
      const first = seen.get(key);
      if (first !== undefined) {
        rowIssues.push({
          row: record.line,
          column: null,
          message: `${d} ${channel} is already on row ${first}; put one total per day and channel`,
        });
      } else seen.set(key, record.line);
    }
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else entries.push({ day: d!, channel: channel!, spendPaise: spendPaise!, note: note ?? null });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, entries };
}

/** The template offered for download: the header and two example rows to overwrite. */
export function spendCsvTemplate(exampleDay: string): string {
  const lines = [
    SPEND_CSV_COLUMNS.join(","),
    [exampleDay, "instagram", "2500.00", csvField("Diwali reels, boosted")].join(","),
    [exampleDay, "paid", "1800", "Google Ads search"].join(","),
  ];
  return lines.join("\r\n") + "\r\n";
}
