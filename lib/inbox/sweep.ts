import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { claimInbound } from "./claim";
import { processClaimedRows } from "./process";
import type { RetryPolicy } from "./retry";
import type { HandlerResolver, ProcessResult } from "./types";

export interface SweepOptions extends RetryPolicy {
  /** Rows claimed per batch. */
  batchSize?: number;
  /** Handler calls (single events or whole batches of a batch handler) running at once. */
  concurrency?: number;
  /** Batches per sweep, so one sweep cannot run forever on a huge backlog. */
  maxBatches?: number;
}

export type SweepSummary = { claimed: number } & Record<ProcessResult["result"], number>;

/**
 * Claims due rows (new, retry backoff over, or abandoned by a crashed worker) and processes them.
 * Both runners call this: the in-process poller every few seconds and the Inngest cron each
 * minute, so whichever is active picks up what the other left behind.
 */
export async function sweepInbox(
  db: Db,
  resolveHandler: HandlerResolver,
  clock: Clock,
  opts: SweepOptions = {},
): Promise<SweepSummary> {
  const batchSize = opts.batchSize ?? 50;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const summary: SweepSummary = {
    claimed: 0,
    processed: 0,
    ignored: 0,
    retry: 0,
    failed: 0,
    skipped: 0,
    "lease-lost": 0,
  };
  for (let batch = 0; batch < (opts.maxBatches ?? 10); batch++) {
    const rows = await claimInbound(db, { limit: batchSize, leaseMs: opts.leaseMs, now: clock.now() });
    summary.claimed += rows.length;
    const results = await processClaimedRows(db, rows, resolveHandler, clock, { ...opts, concurrency });
    for (const r of results) summary[r.result] += 1;
    if (rows.length < batchSize) break;
  }
  return summary;
}
