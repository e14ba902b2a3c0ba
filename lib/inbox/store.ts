import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import { queryRows, type Db } from "@/db";
import { systemClock, type Clock } from "@/lib/time";

export interface StoreInboundInput {
  /** Who sent it: "medusa", "whatsapp", ... */
  source: string;
  /** The sender's id for this delivery (or one derived from its content); unique per source. */
  externalId: string;
  /** The event name as the sender calls it, e.g. "order.placed". */
  name: string;
  /** The body exactly as received, kept for audit and replay. */
  rawBody: string;
  payload: unknown;
  occurredAt?: Date | null;
}

export type StoreInboundResult = { id: number; duplicate: boolean };

/**
 * Stores an inbound event before anything else happens to it. A re-delivery of the same
 * (source, externalId) changes nothing and answers the id of the row already stored.
 *
 * Group commit: calls made while an earlier write on the same `db` is in flight are written
 * together by the next single multi-row INSERT, and each caller resolves when its row is
 * committed. An idle caller is written at once (no timer), so the batching costs no latency;
 * under load it turns N round trips and N commits into one.
 */
export function storeInbound(
  db: Db,
  input: StoreInboundInput,
  clock: Clock = systemClock,
): Promise<StoreInboundResult> {
  let q = queues.get(db);
  if (!q) {
    q = new StoreQueue(db);
    queues.set(db, q);
  }
  return q.add(input, clock.now());
}

/** Rows per INSERT (7 parameters each, far below Postgres's 65,535) and raw bytes per INSERT. */
const MAX_ROWS = 500;
const MAX_BYTES = 4 * 1024 * 1024;

type Pending = {
  input: StoreInboundInput;
  receivedAt: Date;
  resolve: (r: StoreInboundResult) => void;
  reject: (e: unknown) => void;
};

const queues = new WeakMap<Db, StoreQueue>();

class StoreQueue {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  add(input: StoreInboundInput, receivedAt: Date): Promise<StoreInboundResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ input, receivedAt, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Writes what is pending, then whatever arrived meanwhile, until nothing is left. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.take();
        try {
          settle(batch, await writeBatch(this.db, batch));
        } catch (e) {
          // One bad row (say, JSON Postgres refuses) must not fail its neighbours: write them alone.
          // Not once the INSERT went through, though: its rows would then come back as duplicates.
          if (batch.length === 1 || e instanceof AfterInsertError) for (const p of batch) p.reject(e);
          else for (const p of batch) await writeBatch(this.db, [p]).then((r) => settle([p], r), p.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private take(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < this.pending.length && n < MAX_ROWS) {
      bytes += this.pending[n]!.input.rawBody.length;
      if (n > 0 && bytes > MAX_BYTES) break;
      n++;
    }
    return this.pending.splice(0, n);
  }
}

function settle(batch: Pending[], results: StoreInboundResult[]): void {
  batch.forEach((p, i) => p.resolve(results[i]!));
}

/** A failure after the batch's rows were committed (reading back the duplicates' ids). */
class AfterInsertError extends Error {}

const keyOf = (source: string, externalId: string) => `${source}\u0000${externalId}`;

/**
 * One statement for the batch: INSERT ... ON CONFLICT DO NOTHING, and beside it the ids of the
 * rows that were there already, so a re-delivery costs no second round trip. Within a batch the
 * first delivery of a key is the one stored; later ones answer duplicate with its id, exactly as
 * if they had come one after another.
 *
 * The lookup sees the rows committed before the statement began. A key another connection was
 * inserting at that moment is neither inserted (the conflict waited for it) nor seen, and is
 * looked up by a second statement.
 */
async function writeBatch(db: Db, batch: Pending[]): Promise<StoreInboundResult[]> {
  const firsts = new Map<string, Pending>();
  for (const p of batch) {
    const key = keyOf(p.input.source, p.input.externalId);
    if (!firsts.has(key)) firsts.set(key, p);
  }
  // The batch travels as one array literal per column (db/pg-array.ts): building a 500-row,
  // 3,500-parameter INSERT through the query builder cost ~30 µs of CPU per row on the accept
  // path (bench:whatsapp-webhooks --direct profile), and a JSON document of records made
  // Postgres parse every raw body a second time as a JSON string.
  const rows = [...firsts.values()];
  const col = (f: (p: Pending) => string | null) => pgArray(rows.map(f));
  const written = await queryRows<{
    id: number | string;
    source: string;
    external_id: string;
    duplicate: boolean;
  }>(
    db,
    sql`with input as (
          select * from unnest(
            ${col((p) => p.input.source)}::text[], ${col((p) => p.input.externalId)}::text[],
            ${col((p) => p.input.name)}::text[], ${col((p) => p.input.rawBody)}::text[],
            ${col((p) => (p.input.payload === undefined ? null : JSON.stringify(p.input.payload)))}::json[],
            ${col((p) => p.input.occurredAt?.toISOString() ?? null)}::timestamptz[],
            ${col((p) => p.receivedAt.toISOString())}::timestamptz[])
            as x(source, external_id, name, raw_body, payload, occurred_at, received_at)
        ), inserted as (
          insert into inbound_events (source, external_id, name, raw_body, payload, occurred_at, received_at)
          select * from input
          on conflict (source, external_id) do nothing
          returning id, source, external_id
        )
        select id, source, external_id, false as duplicate from inserted
        union all
        select e.id, e.source, e.external_id, true from input i
          join inbound_events e on e.source = i.source and e.external_id = i.external_id`,
  );
  const ids = new Map<string, { id: number; duplicate: boolean }>();
  for (const r of written)
    ids.set(keyOf(r.source, r.external_id), { id: Number(r.id), duplicate: r.duplicate });

  try {
    return await resolveIds(db, batch, firsts, ids);
  } catch (e) {
    throw new AfterInsertError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}

async function resolveIds(
  db: Db,
  batch: Pending[],
  firsts: Map<string, Pending>,
  ids: Map<string, { id: number; duplicate: boolean }>,
): Promise<StoreInboundResult[]> {
  const missing = [...firsts.keys()].filter((k) => !ids.has(k));
  if (missing.length > 0) {
    // One parameter per column for the pairs, so the statement's text does not vary with their number.
    const pairs = missing.map((k) => firsts.get(k)!.input);
    const existing = await queryRows<{ id: number | string; source: string; external_id: string }>(
      db,
      sql`select e.id, e.source, e.external_id
            from unnest(${pgArray(pairs.map((p) => p.source))}::text[],
                        ${pgArray(pairs.map((p) => p.externalId))}::text[]) as p(s, x)
            join inbound_events e on e.source = p.s and e.external_id = p.x`,
    );
    for (const r of existing) ids.set(keyOf(r.source, r.external_id), { id: Number(r.id), duplicate: true });
  }

  return batch.map((p) => {
    const key = keyOf(p.input.source, p.input.externalId);
    const found = ids.get(key);
    if (!found)
      throw new Error(`inbound event ${p.input.source}/${p.input.externalId} neither inserted nor found`);
    return firsts.get(key) === p ? found : { id: found.id, duplicate: true };
  });
}
