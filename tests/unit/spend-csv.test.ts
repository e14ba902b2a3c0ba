import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, parseSpendCsv, spendCsvTemplate } from "@/lib/traffic";
import { fixedClock } from "@/lib/time";

// 2026-10-03 09:00 IST
const clock = fixedClock("2026-10-03T03:30:00Z");

describe("the CSV reader", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks inside", () => {
    const recs = parseCsv('a,b,c\r\n"1,5","say ""hi""","two\r\nlines"\r\nx,,z');
    expect(recs).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1,5", 'say "hi"', "two\r\nlines"] },
      // the quoted line break moves the next record to line 4
      { line: 4, fields: ["x", "", "z"] },
    ]);
  });

  it("strips a UTF-8 BOM and accepts LF, CRLF and lone CR line ends", () => {
    expect(parseCsv("\uFEFFdate,channel\n1,2\r\n3,4\r5,6\n").map((r) => r.fields)).toEqual([
      ["date", "channel"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("keeps a final record without a newline and a trailing empty field", () => {
    expect(parseCsv("a,b\n1,").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", ""],
    ]);
    expect(parseCsv('a\n""').map((r) => r.fields)).toEqual([["a"], [""]]);
    expect(parseCsv("")).toEqual([]);
  });

  it("reports an unclosed quote and text after a closing quote with their line", () => {
    expect(() => parseCsv('a\n"open,1\n2')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open,1\n2')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('a,b\nx,"q"z')).toThrow(/line 2: text after a closing quote/);
  });
});

describe("the spend sheet", () => {
  it("reads the template it offers back as valid entries", () => {
    const r = parseSpendCsv(spendCsvTemplate("2026-10-02"), clock);
    expect(r).toEqual({
      ok: true,
      entries: [
        { day: "2026-10-02", channel: "instagram", spendPaise: 250000, note: "Diwali reels, boosted" },
        { day: "2026-10-02", channel: "paid", spendPaise: 180000, note: "Google Ads search" },
      ],
    });
  });

  it("takes columns in any order and case, Indian digit grouping, ₹ and blank lines", () => {
    const csv =
      'Spend_INR,Channel,Date,extra\r\n"₹ 1,23,456.5",WhatsApp,2026-10-01,x\r\n\r\n99.05, seo ,2026-10-03,\r\n';
    expect(parseSpendCsv(csv, clock)).toEqual({
      ok: true,
      entries: [
        { day: "2026-10-01", channel: "whatsapp", spendPaise: 12345650, note: null },
        { day: "2026-10-03", channel: "seo", spendPaise: 9905, note: null },
      ],
    });
  });

  it("names the row and column of every problem, and returns no entries", () => {
    const csv = [
      "date,channel,spend_inr,note",
      "2026-10-01,instagram,2500,ok", // row 2 fine
      "02/10/2026,instagram,2500,", // row 3 bad date
      "2026-10-01,tiktok,100,", // row 4 unknown channel
      "2026-10-01,paid,12.345,", // row 5 three decimals
      "2026-10-01,email,-5,", // row 6 negative
      "2026-10-04,paid,5,", // row 7 future (today is 2026-10-03 IST)
      "2026-10-01,direct,5,", // row 8 direct has no spend
      "2026-10-01,Instagram,300,", // row 9 duplicate of row 2
      "2026-02-30,email,5,", // row 10 no such day
    ].join("\n");
    const r = parseSpendCsv(csv, clock);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([
      [3, "date"],
      [4, "channel"],
      [5, "spend_inr"],
      [6, "spend_inr"],
      [7, "date"],
      [8, "channel"],
      [9, null],
      [10, "date"],
    ]);
    expect(r.issues[0]!.message).toMatch(/date "02\/10\/2026" must be a date as YYYY-MM-DD/);
    expect(r.issues[6]!.message).toMatch(/already on row 2/);
  });

  it("explains a missing header column, an empty file and a syntax error", () => {
    expect(parseSpendCsv("day,channel,amount\n2026-10-01,paid,5", clock)).toMatchObject({
      ok: false,
      issues: [
        { row: 1, column: "date" },
        { row: 1, column: "spend_inr" },
      ],
    });
    expect(parseSpendCsv("\uFEFF\r\n", clock)).toMatchObject({ ok: false, issues: [{ row: 0 }] });
    expect(parseSpendCsv("date,channel,spend_inr\n", clock)).toMatchObject({
      ok: false,
      issues: [{ row: 0 }],
    });
    expect(parseSpendCsv('date,channel,spend_inr\n2026-10-01,"paid,5', clock)).toMatchObject({
      ok: false,
      issues: [{ row: 2, column: null }],
    });
  });

  it("refuses a day's spend above ₹10 crore as a likely typo", () => {
    const r = parseSpendCsv("date,channel,spend_inr\n2026-10-01,paid,100000000.01", clock);
    expect(r).toMatchObject({ ok: false, issues: [{ row: 2, column: "spend_inr" }] });
  });
});
