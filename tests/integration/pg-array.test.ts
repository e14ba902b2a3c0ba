import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { engines, testDb, type TestDb } from "../support/db";

/* Array literals survive the trip through each engine exactly: what the bulk writes rely on. */
describe.each(engines)("pgArray on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("keeps every text as written, and only null as NULL", async () => {
    const values = [
      "plain",
      "",
      "NULL",
      "null",
      'say "namaste"',
      'back\\slash \\" both',
      "{braces},commas, and spaces ",
      "  leading",
      "नमस्ते, राजस्थान",
      "line\nbreak\ttab",
      null,
      "'single'",
    ];
    const rows = await queryRows<{ v: string | null; i: number | string }>(
      t.db,
      sql`select v, i from unnest(${pgArray(values)}::text[]) with ordinality as u(v, i) order by i`,
    );
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it("zips typed columns side by side, json included", async () => {
    const bodies = [{ a: 'x"y', b: [1, 2] }, { text: "क़ुल्फ़ी {1}" }];
    const rows = await queryRows<{ n: number; at: Date | string; body: unknown; paise: number | string }>(
      t.db,
      sql`select n, at, body, paise from unnest(
            ${pgArray([1, 2])}::int[],
            ${pgArray(["2026-11-01T10:00:00.000Z", "2026-11-02T18:30:00.000Z"])}::timestamptz[],
            ${pgArray(bodies.map((b) => JSON.stringify(b)))}::json[],
            ${pgArray([150000, null])}::bigint[]) as u(n, at, body, paise)
          order by n`,
    );
    expect(
      rows.map((r) => [r.n, new Date(r.at).toISOString(), r.body, r.paise === null ? null : Number(r.paise)]),
    ).toEqual([
      [1, "2026-11-01T10:00:00.000Z", bodies[0], 150000],
      [2, "2026-11-02T18:30:00.000Z", bodies[1], null],
    ]);
  });

  it("writes an empty list as an empty array", async () => {
    const [r] = await queryRows<{ n: number | string }>(
      t.db,
      sql`select count(*) as n from unnest(${pgArray([])}::text[])`,
    );
    expect(Number(r!.n)).toBe(0);
  });
});
