import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { fixedClock } from "@/lib/time";
import { listAdSpend, manualSpendSchema, parseSpendCsv, saveAdSpend, spendWindowSchema } from "@/lib/traffic";
import { engines, testDb, type TestDb } from "../support/db";

const clock = fixedClock("2026-10-03T03:30:00Z"); // 09:00 IST on 2026-10-03

async function cells(t: TestDb) {
  const rows = await queryRows<{
    day: string;
    channel: string;
    spend_paise: number | string;
    source: string;
    note: string | null;
  }>(
    t.db,
    sql`select day::text as day, channel, spend_paise, source, note from ad_spend order by day, channel`,
  );
  return rows.map((r) => ({ ...r, spend_paise: Number(r.spend_paise) }));
}

describe.each(engines)("ad spend import and entry on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(() => t.drop());

  it("imports a sheet, then a corrected sheet replaces the same (day, channel) cells", async () => {
    const first = parseSpendCsv(
      "date,channel,spend_inr,note\n2026-10-01,instagram,2500,reels\n2026-10-01,paid,1800.5,\n",
      clock,
    );
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    await saveAdSpend(t.db, first.entries, "csv");
    const fix = parseSpendCsv(
      "date,channel,spend_inr\n2026-10-01,instagram,3000\n2026-10-02,instagram,100\n",
      clock,
    );
    if (!fix.ok) throw new Error(JSON.stringify(fix.issues));
    await saveAdSpend(t.db, fix.entries, "csv");
    expect(await cells(t)).toEqual([
      { day: "2026-10-01", channel: "instagram", spend_paise: 300000, source: "csv", note: null },
      { day: "2026-10-01", channel: "paid", spend_paise: 180050, source: "csv", note: null },
      { day: "2026-10-02", channel: "instagram", spend_paise: 10000, source: "csv", note: null },
    ]);
  });

  it("stores nothing from a sheet with a bad row, and says which row and column", async () => {
    const before = await cells(t);
    const r = parseSpendCsv("date,channel,spend_inr\n2026-10-03,email,50\n2026-10-03,email2,50\n", clock);
    expect(r).toMatchObject({ ok: false, issues: [{ row: 3, column: "channel" }] });
    expect(await cells(t)).toEqual(before);
  });

  it("takes a manual entry as the source of the cell it overwrites", async () => {
    const body = manualSpendSchema(clock).parse({
      day: "2026-10-02",
      channel: "Instagram",
      spendInr: 149.99,
      note: "boost",
    });
    await saveAdSpend(
      t.db,
      [{ day: body.day, channel: body.channel, spendPaise: body.spendInr, note: body.note ?? null }],
      "manual",
    );
    const row = (await cells(t)).find((c) => c.day === "2026-10-02" && c.channel === "instagram");
    expect(row).toEqual({
      day: "2026-10-02",
      channel: "instagram",
      spend_paise: 14999,
      source: "manual",
      note: "boost",
    });
  });

  it("lists a window of IST days inclusively with per-channel totals", async () => {
    const window = spendWindowSchema(clock).parse({ from: "2026-10-01", to: "2026-10-01" });
    const list = await listAdSpend(t.db, window);
    expect(list.rows.map((r) => [r.day, r.channel, r.spendPaise])).toEqual([
      ["2026-10-01", "instagram", 300000],
      ["2026-10-01", "paid", 180050],
    ]);
    expect(list.totalPaise).toBe(480050);
    const all = await listAdSpend(t.db, spendWindowSchema(clock).parse({}));
    expect(all.from).toBe("2026-09-04");
    expect(all.to).toBe("2026-10-03");
    expect(all.totalsByChannel).toEqual([
      { channel: "instagram", spendPaise: 314999 },
      { channel: "paid", spendPaise: 180050 },
    ]);
  });
});
