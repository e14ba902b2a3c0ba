import type { Db } from "@/db";
import { systemClock, type Clock } from "@/lib/time";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import type { WhatsAppTransport } from "../transport/types";
import { dispatchDue, type DispatchSummary } from "./dispatch";
import { onOutboxQueued } from "./notify";

/*
 * The in-process outbox dispatcher, for where no Inngest is reachable (the embedded demo): a
 * poller like the inbox runner's, woken early by kick() (enqueueMessages signals new rows). Each
 * round dispatches batches until nothing due is left, so a broadcast drains at the paced rate
 * and a lone cart reminder goes out within a poll interval at worst.
 */

export interface WhatsAppDispatcherOptions {
  db: Db;
  transport: WhatsAppTransport;
  phoneNumberId: string;
  clock?: Clock;
  /** Fixed settings (tests); otherwise read each round so owner changes apply without a restart. */
  settings?: WhatsAppSettings;
  pollIntervalMs?: number;
  batchSize?: number;
}

export interface WhatsAppDispatcherStatus {
  started: boolean;
  sent: number;
  requeued: number;
  failed: number;
  lastRunAt: string | null;
  lastError: string | null;
  haltedUntil: string | null;
  haltReason: string | null;
}

export class WhatsAppDispatcher {
  private readonly opts: WhatsAppDispatcherOptions;
  private readonly clock: Clock;
  private started = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private unsubscribe: (() => void) | undefined;
  private readonly totals = { sent: 0, requeued: 0, failed: 0 };
  private lastRunAt: Date | null = null;
  private lastError: string | null = null;
  private halt: { until: Date; reason: string } | null = null;

  constructor(opts: WhatsAppDispatcherOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = onOutboxQueued(() => this.kick());
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Dispatches now (or right after the round in progress). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  status(): WhatsAppDispatcherStatus {
    return {
      started: this.started,
      ...this.totals,
      lastRunAt: this.lastRunAt?.toISOString() ?? null,
      lastError: this.lastError,
      haltedUntil: this.halt?.until.toISOString() ?? null,
      haltReason: this.halt?.reason ?? null,
    };
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(async () => {
      await this.kick();
      if (this.started) this.schedule(this.opts.pollIntervalMs ?? 2000);
    }, delayMs);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    const limit = this.opts.batchSize ?? 500;
    try {
      for (;;) {
        const settings = this.opts.settings ?? (await readWhatsAppSettings(this.opts.db));
        const s: DispatchSummary = await dispatchDue(this.opts.db, {
          transport: this.opts.transport,
          clock: this.clock,
          settings,
          phoneNumberId: this.opts.phoneNumberId,
          limit,
        });
        this.totals.sent += s.sent;
        this.totals.requeued += s.requeued;
        this.totals.failed += s.failed;
        this.halt = s.haltedUntil ? { until: s.haltedUntil, reason: s.haltReason ?? "" } : null;
        this.lastRunAt = this.clock.now();
        this.lastError = null;
        // A full batch means more may be due; anything less means the queue is drained for now.
        if (s.claimed < limit || s.haltedUntil || !this.started) return;
      }
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      console.error(
        JSON.stringify({
          level: "error",
          msg: "whatsapp dispatch failed",
          error: String((e as Error)?.stack ?? e),
        }),
      );
    }
  }
}
