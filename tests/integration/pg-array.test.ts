import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { pgArray, pgColumn } from "@/db/pg-array";
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

  it("sends a column every row shares once, and keeps a varying column's nulls", async () => {
    const shared = pgColumn(["broadcast", "broadcast", "broadcast"]);
    const varying = pgColumn(["cus_1", null, "cus_3"]);
    const none = pgColumn([null, null, null]);
    const body = pgColumn([{ a: 'x"y' }, { a: 'x"y' }, { a: 'x"y' }].map((b) => JSON.stringify(b)));
    expect([shared.list, shared.one]).toEqual([null, "broadcast"]);
    expect([varying.one, none.list, none.one]).toEqual([null, null, null]);
    expect(pgColumn(["a", "b"]).list).toBe(pgArray(["a", "b"]));
    const rows = await queryRows<{
      k: string;
      flow: string;
      customer: string | null;
      gone: string | null;
      body: unknown;
    }>(
      t.db,
      sql`select u.k, coalesce(u.flow, ${shared.one}::text) as flow,
                 coalesce(u.customer, ${varying.one}::text) as customer,
                 coalesce(u.gone, ${none.one}::text) as gone,
                 coalesce(u.body, ${body.one}::text::json) as body
          from unnest(${pgArray(["k1", "k2", "k3"])}::text[], ${shared.list}::text[], ${varying.list}::text[],
                      ${none.list}::text[], ${body.list}::json[]) as u(k, flow, customer, gone, body)
          order by u.k`,
    );
    expect(rows).toEqual([
      { k: "k1", flow: "broadcast", customer: "cus_1", gone: null, body: { a: 'x"y' } },
      { k: "k2", flow: "broadcast", customer: null, gone: null, body: { a: 'x"y' } },
      { k: "k3", flow: "broadcast", customer: "cus_3", gone: null, body: { a: 'x"y' } },
    ]);
  });
});
