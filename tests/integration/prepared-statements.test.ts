import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, queryRows } from "@/db";
import { MAX_DISTINCT, preferPrepared } from "@/db/prepared-statements";
import { TEST_PG_URL } from "../support/db";

/*
 * The app's Postgres client prepares parameterised statements (one round trip per execution
 * instead of describe + execute), inside transactions too, up to a cap of distinct texts, and
 * still plans each execution for its parameters.
 */
const preparedLike = (db: Parameters<typeof queryRows>[0], marker: string) =>
  queryRows<{ n: string }>(
    db,
    sql`select count(*) as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`,
  ).then((r) => Number(r[0]!.n));

describe("prepared statements on Postgres", () => {
  const handles: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it("prepares a repeated parameterised query once per connection, in and out of transactions", async () => {
    const h = await openDb({ engine: "postgres", url: TEST_PG_URL, max: 1 });
    handles.push(h);
    const marker = `probe_${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) {
      const rows = await queryRows<{ v: number }>(h.db, sql`select ${i}::int as v, ${marker}::text as m`);
      expect(rows[0]!.v).toBe(i);
    }
    await h.db.transaction(async (tx) => {
      await queryRows(tx as never, sql`select ${7}::int as v, ${marker}::text as m, 'tx' as t`);
    });
    // Two texts (the plain one and the one run in the transaction), each prepared once.
    expect(await preparedLike(h.db, "::text as m")).toBe(2);
    const [mode] = await queryRows<{ plan_cache_mode: string }>(h.db, sql`show plan_cache_mode`);
    expect(mode!.plan_cache_mode).toBe("force_custom_plan");
  });

  it("runs new texts unprepared once the cap of distinct texts is reached", async () => {
    const client = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
    handles.push({ close: () => client.end({ timeout: 1 }) });
    const full = new Set(Array.from({ length: MAX_DISTINCT }, (_, i) => `text ${i}`));
    const sqlClient = preferPrepared(client, full);
    const marker = `capped_${Date.now().toString(36)}`;
    const rows = await sqlClient.unsafe(`select $1::text as m -- ${marker}`, [marker]);
    expect(rows[0]!.m).toBe(marker);
    expect(full.has(`select $1::text as m -- ${marker}`)).toBe(false);
    const prepared = await sqlClient.unsafe(
      `select count(*)::int as n from pg_prepared_statements where statement like $1`,
      [`%-- ${marker}%`],
    );
    expect(prepared[0]!.n).toBe(0);
  });
});
