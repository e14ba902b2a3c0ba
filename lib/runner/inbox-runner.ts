import type { Db } from "@/db";
import {
  claimInboundByIds,
  processClaimedRows,
  sweepInbox,
  type HandlerResolver,
  type ProcessResult,
  type RetryPolicy,
  type SweepSummary,
} from "@/lib/inbox";
import { systemClock, type Clock } from "@/lib/time";

export interface InboxRunnerOptions extends RetryPolicy {
  db: Db;
  resolve: HandlerResolver;
  clock?: Clock;
  /** Handler calls (single events or whole batches) running at once; the sweep has the same bound. */
  concurrency?: number;
  /** How often the poller looks for pending, retry-due and abandoned rows. */
  pollIntervalMs?: number;
  /** Rows claimed per statement, by the prompt drain and by the sweep. */
  batchSize?: number;
}

export interface InboxRunnerStatus {
  started: boolean;
  processed: number;
  ignored: number;
  retried: number;
  failed: number;
  queued: number;
  inFlight: number;
  lastSweepAt: string | null;
  lastError: string | null;
}

/**
 * The in-process runner used where no Inngest is reachable (the embedded demo): a prompt drain
 * woken by dispatch right after a webhook is stored, plus a poller that sweeps the inbox so nothing
 * accepted stays unprocessed — including rows left by a crash or by a previously active runner.
 *
 * The drain claims the dispatched ids in batches (one statement for up to `batchSize` rows, by
 * primary key, oldest first) until none are left, so a burst of webhooks costs a few claims and
 * batch handlers see many events at once; ids dispatched while a drain runs join its next batch.
 * Claiming by id keeps a claim's cost independent of how many events were finished since the
 * last vacuum; everything nobody dispatched (retries, a crashed worker's rows) is the sweep's.
 */
/** How long a woken runner waits to let more events arrive before claiming again. */
const GATHER_MS = 50;

export class InboxRunner {
  private readonly db: Db;
  private readonly resolve: HandlerResolver;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly policy: RetryPolicy;
  /** Ids dispatched and not yet claimed (a double dispatch is one entry). */
  private readonly pendingIds = new Set<number>();
  private draining: Promise<void> | undefined;
  private inFlight = 0;
  private started = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sweeping: Promise<SweepSummary | undefined> | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly counts: Record<ProcessResult["result"], number> = {
    processed: 0,
    ignored: 0,
    retry: 0,
    failed: 0,
    skipped: 0,
    "lease-lost": 0,
  };
  private lastSweepAt: Date | null = null;
  private lastError: string | null = null;

  constructor(opts: InboxRunnerOptions) {
    this.db = opts.db;
    this.resolve = opts.resolve;
    this.clock = opts.clock ?? systemClock;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.pollIntervalMs = opts.pollIntervalMs ?? 2000;
    this.batchSize = opts.batchSize ?? 500;
    this.policy = { maxAttempts: opts.maxAttempts, leaseMs: opts.leaseMs };
  }

  /**
   * Says the event with this id is stored: a drain starts now unless one is running, in which case
   * the id joins that drain's next batch. Never throws: the poller is the fallback.
   */
  enqueue(id: number): void {
    this.pendingIds.add(id);
    this.kick();
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // Ids arrived after the drain's last batch, which was not full: claim them after a short
      // gather, so a steady stream is processed in batches of dozens rather than of the one or
      // two that arrived while the last batch ran (every batch pays a Medusa fetch and a
      // transaction). (Not unref'd: a script awaiting idle() must not exit while events wait.)
      if (this.pendingIds.size > 0) setTimeout(() => this.kick(), GATHER_MS);
      else this.wakeIdle();
    });
  }

  /** Starts polling; the first sweep runs right away so a restart resumes any backlog. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops polling and waits for work in progress to finish. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.sweeping;
    await this.idle();
  }

  /** One sweep now (the poller calls this on its interval); never two at once. */
  sweep(): Promise<SweepSummary | undefined> {
    this.sweeping ??= this.runSweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /** Resolves when every dispatch so far has been followed by a drain that found nothing more. */
  idle(): Promise<void> {
    if (!this.draining && this.pendingIds.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  status(): InboxRunnerStatus {
    return {
      started: this.started,
      processed: this.counts.processed,
      ignored: this.counts.ignored,
      retried: this.counts.retry,
      failed: this.counts.failed,
      queued: this.pendingIds.size,
      inFlight: this.inFlight,
      lastSweepAt: this.lastSweepAt?.toISOString() ?? null,
      lastError: this.lastError,
    };
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(async () => {
      await this.sweep();
      if (this.started) this.schedule(this.pollIntervalMs);
    }, delayMs);
    // The poller must not keep a process (a script, a test worker) alive on its own.
    this.timer.unref?.();
  }

  private async runSweep(): Promise<SweepSummary | undefined> {
    try {
      const summary = await sweepInbox(this.db, this.resolve, this.clock, {
        ...this.policy,
        batchSize: this.batchSize,
        concurrency: this.concurrency,
      });
      for (const key of Object.keys(this.counts) as (keyof typeof this.counts)[]) {
        this.counts[key] += summary[key];
      }
      this.lastSweepAt = this.clock.now();
      return summary;
    } catch (e) {
      this.noteError("inbox sweep failed", e);
      return undefined;
    }
  }

  /** The next batch of dispatched ids, oldest first, taken off the pending set. */
  private takeIds(): number[] {
    const ids: number[] = [];
    for (const id of this.pendingIds) {
      if (ids.length === this.batchSize) break;
      ids.push(id);
    }
    for (const id of ids) this.pendingIds.delete(id);
    return ids.sort((a, b) => a - b);
  }

  /** Claims and processes the dispatched ids, a batch at a time, until a batch is not full. */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        const ids = this.takeIds();
        if (ids.length === 0) return;
        const rows = await claimInboundByIds(this.db, ids, {
          leaseMs: this.policy.leaseMs,
          now: this.clock.now(),
        });
        this.inFlight = rows.length;
        try {
          const results = await processClaimedRows(this.db, rows, this.resolve, this.clock, {
            ...this.policy,
            concurrency: this.concurrency,
          });
          for (const r of results) this.counts[r.result] += 1;
        } finally {
          this.inFlight = 0;
        }
        // A batch that was not full took every id there was: stop, and let the gather decide
        // when to look again.
        if (ids.length < this.batchSize) return;
      }
    } catch (e) {
      // Rows whose claim failed stay pending and claimed ones stay processing until their lease
      // expires: the poller's sweep takes both. Later dispatches still get a prompt drain.
      this.noteError("inbox drain failed", e);
    }
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private noteError(msg: string, e: unknown): void {
    this.lastError = `${msg}: ${e instanceof Error ? e.message : String(e)}`;
    console.error(JSON.stringify({ level: "error", msg, error: String((e as Error)?.stack ?? e) }));
  }
}
