import type { Db } from "@/db";
import {
  processInboundEvent,
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
  /** Events processed at once from the prompt queue (the sweep has the same bound of its own). */
  concurrency?: number;
  /** How often the poller looks for pending, retry-due and abandoned rows. */
  pollIntervalMs?: number;
  /** Rows claimed per sweep batch. */
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
 * The in-process runner used where no Inngest is reachable (the embedded demo): a prompt queue
 * fed by dispatch right after a webhook is stored, plus a poller that sweeps the inbox so nothing
 * accepted stays unprocessed — including rows left by a crash or by a previously active runner.
 */
export class InboxRunner {
  private readonly db: Db;
  private readonly resolve: HandlerResolver;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly policy: RetryPolicy;
  private readonly queue: number[] = [];
  private readonly queuedIds = new Set<number>();
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
    this.batchSize = opts.batchSize ?? 50;
    this.policy = { maxAttempts: opts.maxAttempts, leaseMs: opts.leaseMs };
  }

  /** Processes the event soon (now if a slot is free). Never throws: the poller is the fallback. */
  enqueue(id: number): void {
    if (this.queuedIds.has(id)) return;
    this.queuedIds.add(id);
    this.queue.push(id);
    this.pump();
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

  /** Resolves when the prompt queue is empty and nothing from it is running. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  status(): InboxRunnerStatus {
    return {
      started: this.started,
      processed: this.counts.processed,
      ignored: this.counts.ignored,
      retried: this.counts.retry,
      failed: this.counts.failed,
      queued: this.queue.length,
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

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      this.queuedIds.delete(id);
      this.inFlight += 1;
      void this.processOne(id).finally(() => {
        this.inFlight -= 1;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
      });
    }
  }

  private async processOne(id: number): Promise<void> {
    try {
      const r = await processInboundEvent(this.db, id, this.resolve, this.clock, this.policy);
      this.counts[r.result] += 1;
    } catch (e) {
      // The row keeps its status (pending, or processing until its lease expires): the poller retries it.
      this.noteError(`inbound ${id} processing failed`, e);
    }
  }

  private noteError(msg: string, e: unknown): void {
    this.lastError = `${msg}: ${e instanceof Error ? e.message : String(e)}`;
    console.error(JSON.stringify({ level: "error", msg, error: String((e as Error)?.stack ?? e) }));
  }
}
