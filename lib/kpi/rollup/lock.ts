import { sql } from "drizzle-orm";
import type { Db } from "@/db";

/** Arbitrary constant: one rollup writer at a time, so two recomputes of a cell cannot interleave. */
const ROLLUP_LOCK = 74_150_001;

/** Runs `fn` in a transaction holding the rollup lock (released at commit or rollback). */
export async function withRollupLock<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`);
    // The per-order subqueries look expensive to the planner but run on indexes in microseconds;
    // JIT compiling them costs seconds per statement.
    await tx.execute(sql`set local jit = off`);
    return fn(tx as unknown as Db);
  });
}
