import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDb, queryRows, type Db, type DbHandle } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import {
  claimInbound,
  claimInboundByIds,
  processClaimed,
  storeInbound,
  type InboundHandler,
} from "@/lib/inbox";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

async function seed(db: Db, n: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await storeInbound(db, {
      source: "test",
      externalId: `${prefix}-${i}`,
      name: "thing.happened",
      rawBody: "{}",
      payload: {},
    });
    ids.push(id);
  }
  return ids;
}

describe.each(engines)("claiming inbound events on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.delete(inboundEvents);
  });

  it("claims the oldest due rows, marks them processing with a lease and counts the attempt", async () => {
    const ids = await seed(t.db, 5, "a");
    const now = new Date("2025-06-01T10:00:00Z");
    const claimed = await claimInbound(t.db, { limit: 3, leaseMs: 60_000, now });
    expect(claimed.map((r) => r.id)).toEqual(ids.slice(0, 3));
    for (const r of claimed) {
      expect(r.status).toBe("processing");
      expect(r.attempts).toBe(1);
      expect(r.lockedUntil!.toISOString()).toBe("2025-06-01T10:01:00.000Z");
    }
    const rest = await claimInbound(t.db, { limit: 10, leaseMs: 60_000, now });
    expect(rest.map((r) => r.id)).toEqual(ids.slice(3));
    expect(await claimInbound(t.db, { limit: 10, leaseMs: 60_000, now })).toEqual([]);
  });

  it("hands concurrent claimers disjoint rows that together cover every row", async () => {
    const ids = await seed(t.db, 60, "c");
    const now = new Date("2025-06-01T10:00:00Z");
    const seen: number[] = [];
    const claimer = async () => {
      for (;;) {
        const rows = await claimInbound(t.db, { limit: 4, leaseMs: 60_000, now });
        if (rows.length === 0) return;
        seen.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all([claimer(), claimer(), claimer(), claimer()]);
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("reclaims a row whose worker's lease expired, and the late worker cannot overwrite the outcome", async () => {
    const [id] = await seed(t.db, 1, "lease");
    const clock = fixedClock("2025-06-01T10:00:00Z");
    const [first] = await claimInbound(t.db, { limit: 1, leaseMs: 60_000, now: clock.now() });
    expect(first!.id).toBe(id);

    clock.advance(30_000);
    expect(await claimInbound(t.db, { limit: 1, leaseMs: 60_000, now: clock.now() })).toEqual([]);

    clock.advance(31_000); // the first worker crashed or stalled: its lease ran out
    const [second] = await claimInbound(t.db, { limit: 1, leaseMs: 60_000, now: clock.now() });
    expect(second).toMatchObject({ id, status: "processing", attempts: 2 });

    const ok: InboundHandler = async () => ({ outcome: "processed" });
    const boom: InboundHandler = async () => {
      throw new Error("late worker");
    };
    // The stalled first worker finally finishes: its write must not land.
    expect(await processClaimed(t.db, first!, () => boom, clock)).toEqual({ id, result: "lease-lost" });
    expect(await processClaimed(t.db, second!, () => ok, clock)).toEqual({ id, result: "processed" });
    const [row] = await t.db.select().from(inboundEvents).where(eq(inboundEvents.id, id!));
    expect(row).toMatchObject({ status: "processed", attempts: 2, lastError: null });
  });

  it("takes due rows oldest first, whether waiting or with an expired lease, and never a live lease", async () => {
    const ids = await seed(t.db, 3, "mix");
    const clock = fixedClock("2025-06-01T10:00:00Z");
    await claimInbound(t.db, { limit: 2, leaseMs: 30_000, now: clock.now() }); // ids 0 and 1, leased
    ids.push(...(await seed(t.db, 2, "mix-late")));
    clock.advance(10_000);
    const live = await claimInbound(t.db, { limit: 2, leaseMs: 30_000, now: clock.now() });
    expect(live.map((r) => r.id)).toEqual([ids[2], ids[3]]);
    clock.advance(21_000); // the first two leases ran out; the second two have 19 s left
    const rest = await claimInbound(t.db, { limit: 10, leaseMs: 30_000, now: clock.now() });
    expect(rest.map((r) => [r.id, r.attempts])).toEqual([
      [ids[0], 2],
      [ids[1], 2],
      [ids[4], 1],
    ]);
  });

  it("claims given ids that are due, oldest first, and leaves finished, leased and backing-off ones", async () => {
    const [finished, leased, backingOff, a, b] = await seed(t.db, 5, "ids");
    const now = new Date("2025-06-01T10:00:00Z");
    const later = new Date(now.getTime() + 60_000);
    await t.db.execute(
      sql`update inbound_events set status = 'processed', processed_at = ${now.toISOString()}::timestamptz where id = ${finished!}`,
    );
    await t.db.execute(
      sql`update inbound_events set status = 'processing', locked_until = ${later.toISOString()}::timestamptz where id = ${leased!}`,
    );
    await t.db.execute(
      sql`update inbound_events set status = 'pending', locked_until = ${later.toISOString()}::timestamptz where id = ${backingOff!}`,
    );
    const claimed = await claimInboundByIds(t.db, [b!, 999_999, leased!, finished!, backingOff!, a!], {
      leaseMs: 30_000,
      now,
    });
    expect(claimed.map((r) => [r.id, r.status, r.attempts])).toEqual([
      [a, "processing", 1],
      [b, "processing", 1],
    ]);
    expect(await claimInboundByIds(t.db, [a!, b!], { now })).toEqual([]);
    expect(await claimInboundByIds(t.db, [], { now })).toEqual([]);
  });

  it("walks the due index so finished rows are skipped without a heap visit after one pass", async () => {
    // 3,000 events go through the inbox and finish: each leaves a dead entry in the due index
    // until vacuum. With no statistics yet (a fresh install; autovacuum has not analysed this
    // table) and a limit above the due rows, the planner prefers a bitmap scan, which never marks
    // an entry dead: every claim would then visit every finished row's heap page again (83 pages
    // on the second walk here when the claim left the choice to the planner).
    const done = await seed(t.db, 3000, "dead");
    await t.db.execute(
      sql`update inbound_events set status = 'processed', processed_at = now() where id <= ${done.at(-1)!}`,
    );
    const due = await seed(t.db, 10, "due");
    const now = new Date();
    const heapBlocks = async (db: Db) => {
      const [r] = await queryRows<{ n: number | string }>(
        db,
        sql`select pg_stat_get_xact_blocks_fetched('inbound_events'::regclass) as n`,
      );
      return Number(r!.n);
    };
    const [first, second, claimed] = await t.db.transaction(async (tx) => {
      const b0 = await heapBlocks(tx);
      const rows = await claimInbound(tx, { limit: 500, leaseMs: 60_000, now });
      const b1 = await heapBlocks(tx);
      await claimInbound(tx, { limit: 500, leaseMs: 60_000, now });
      return [b1 - b0, (await heapBlocks(tx)) - b1, rows];
    });
    expect(claimed.map((r) => r.id)).toEqual(due);
    expect(first).toBeGreaterThan(50); // the first walk met the finished rows' pages...
    expect(second).toBeLessThan(20); // ...and marked their entries dead, so the second did not
  });

  it("claims without touching an indexed column, into pages that keep room for it (a HOT update)", async () => {
    // If an index ever reads status, the lease or the attempt count again, every claim writes an
    // entry in every index of the table; this says so before a benchmark has to.
    const defs = await queryRows<{ def: string }>(
      t.db,
      sql`select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'inbound_events'::regclass`,
    );
    expect(defs.length).toBeGreaterThanOrEqual(3);
    for (const { def } of defs) expect(def).not.toMatch(/status|locked_until|attempts/);
    const [rel] = await queryRows<{ opts: string[] | string | null }>(
      t.db,
      sql`select reloptions as opts from pg_class where oid = 'inbound_events'::regclass`,
    );
    expect(String(rel!.opts)).toContain("fillfactor=50");
  });
});

describe.each(engines.filter((e) => e === "postgres"))("claiming across connections on %s", (engine) => {
  let t: TestDb;
  let other: DbHandle;
  beforeAll(async () => {
    t = await testDb(engine);
    other = await openDb({ engine: "postgres", url: t.url!, max: 4 });
  });
  afterAll(async () => {
    await other.close();
    await t.drop();
  });

  it("skips rows another worker has locked instead of waiting for them (SKIP LOCKED)", async () => {
    const ids = await seed(t.db, 4, "skip");
    const now = new Date("2025-06-01T10:00:00Z");
    let mine: number[] = [];
    let theirs: number[] = [];
    await t.db.transaction(async (tx) => {
      // Worker A claims inside an open transaction, so its rows stay locked...
      mine = (await claimInbound(tx as unknown as Db, { limit: 2, leaseMs: 60_000, now })).map((r) => r.id);
      // ...while worker B on another connection claims: without SKIP LOCKED this would block
      // on A's rows until A commits, which never happens here (the test would time out).
      theirs = (await claimInbound(other.db, { limit: 10, leaseMs: 60_000, now })).map((r) => r.id);
    });
    expect(mine).toEqual(ids.slice(0, 2));
    expect(theirs).toEqual(ids.slice(2));
  });

  it("never gives two processes' claimers the same row", async () => {
    await t.db.delete(inboundEvents);
    const ids = await seed(t.db, 200, "multi");
    const now = new Date("2025-06-01T10:00:00Z");
    const byWorker: number[][] = [];
    const claimer = async (db: Db) => {
      const got: number[] = [];
      byWorker.push(got);
      for (;;) {
        const rows = await claimInbound(db, { limit: 3, leaseMs: 60_000, now });
        if (rows.length === 0) return;
        got.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all([t.db, other.db, t.db, other.db, t.db, other.db].map(claimer));
    const all = byWorker.flat();
    expect(all).toHaveLength(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
    // Work really was spread over several claimers, so the disjointness above was tested.
    expect(byWorker.filter((w) => w.length > 0).length).toBeGreaterThan(1);
  });

  it("walks only the unfinished rows, not every finished event before them", async () => {
    await t.db.delete(inboundEvents);
    const ids = await seed(t.db, 20, "plan");
    await t.db.execute(sql`
      insert into inbound_events (source, external_id, name, raw_body, payload, status, processed_at)
      select 'test', 'done-' || i, 'thing.happened', '{}', '{}'::jsonb, 'processed', now()
        from generate_series(1, 5000) i`);
    await t.db.execute(sql`analyze inbound_events`);
    const rows = await queryRows<{ "QUERY PLAN": string }>(
      t.db,
      sql`explain select id from inbound_events where processed_at is null
            and (locked_until is null or locked_until <= now()) order by id limit 10 for update skip locked`,
    );
    expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("inbound_events_due_idx");
    const claimed = await claimInbound(t.db, { limit: 10, leaseMs: 60_000, now: new Date() });
    expect(claimed.map((r) => r.id)).toEqual(ids.slice(0, 10));
  });
});
