import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { systemClock, type Clock } from "@/lib/time";
import type { WhatsAppClient } from "../client";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import { catalogSync, type CatalogSyncResult } from "./catalog-sync";
import { cartRecoveryStep, RECOVERY_HORIZON_MS, type RecoveryStep } from "./cart-recovery";
import { FRESH_MS, orderUpdates } from "./order-updates";

/*
 * The flows without Inngest (the embedded demo): the same step functions, found by polling the
 * mirror instead of waiting on events. Each round: carts idle past the first delay with no
 * reminder decided yet get step 1; carts idle past the second-nudge hour whose first step was
 * decided get step 2; recent orders with an update not yet decided get orderUpdates; every few
 * minutes the catalog is synced. The idempotency keys make a round that overlaps an Inngest run
 * (or another round) harmless.
 */

/** Work per round, so one round never holds the database for long. */
const ROUND_LIMIT = 200;

export interface FlowRoundSummary {
  cartSteps: { cartId: string; step: RecoveryStep; outcome: string }[];
  orders: { orderId: string; outcomes: string[] }[];
  catalog: CatalogSyncResult | null;
}

export interface FlowRoundDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
  /** Given: the round also syncs the catalog. */
  catalogClient?: Pick<WhatsAppClient, "catalogItemsBatch">;
  /** KOSHA_PUBLIC_URL: links go out tracked (see FlowDeps). */
  publicUrl?: string;
}

export async function runFlowsOnce(db: Db, deps: FlowRoundDeps): Promise<FlowRoundSummary> {
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const flowDeps = { clock: deps.clock, settings, publicUrl: deps.publicUrl };
  const now = deps.clock.now();
  const out: FlowRoundSummary = { cartSteps: [], orders: [], catalog: null };

  if (settings.flows.cartRecovery.enabled) {
    const f = settings.flows.cartRecovery;
    const horizon = new Date(now.getTime() - RECOVERY_HORIZON_MS).toISOString();
    const first = new Date(now.getTime() - f.firstDelayMinutes * 60_000).toISOString();
    const second = new Date(now.getTime() - f.secondNudgeHours * 3_600_000).toISOString();
    const due = await queryRows<{ id: string; step: number }>(
      db,
      sql`select c.id, case when c.last_activity_at <= ${second}::timestamptz
                              and exists (select 1 from wa_messages m where m.idempotency_key = 'cart_recovery:' || c.id || ':1')
                            then 2 else 1 end as step
          from carts c
          where c.completed_at is null
            and c.last_activity_at > ${horizon}::timestamptz
            and c.last_activity_at <= ${first}::timestamptz
            and exists (select 1 from cart_items ci where ci.cart_id = c.id)
            and not exists (select 1 from orders o where o.cart_id = c.id and o.status <> 'canceled')
            and (
              not exists (select 1 from wa_messages m where m.idempotency_key = 'cart_recovery:' || c.id || ':1')
              or (c.last_activity_at <= ${second}::timestamptz
                  and not exists (select 1 from wa_messages m where m.idempotency_key = 'cart_recovery:' || c.id || ':2'))
            )
          order by c.last_activity_at
          limit ${ROUND_LIMIT}`,
    );
    for (const c of due) {
      const step = Number(c.step) as RecoveryStep;
      const o = await cartRecoveryStep(db, c.id, step, flowDeps);
      out.cartSteps.push({ cartId: c.id, step, outcome: o.outcome });
    }
  }

  if (settings.flows.orderUpdates.enabled) {
    const fresh = new Date(now.getTime() - FRESH_MS).toISOString();
    const has = (step: string) =>
      sql`exists (select 1 from wa_messages m where m.idempotency_key = 'order_update:' || o.id || ${`:${step}`})`;
    const due = await queryRows<{ id: string }>(
      db,
      sql`select o.id from orders o
          where o.status <> 'canceled' and o.customer_id is not null
            and (o.placed_at > ${fresh}::timestamptz or o.source_updated_at > ${fresh}::timestamptz)
            and (
              (o.placed_at > ${fresh}::timestamptz and not ${has("placed")})
              or (o.placed_at > ${fresh}::timestamptz and o.payment_method = 'cod'
                  and o.fulfillment_status = 'not_fulfilled' and not ${has("cod_confirm")})
              or (o.fulfillment_status in ('shipped', 'partially_shipped') and not ${has("shipped")})
              or (o.fulfillment_status = 'delivered' and not ${has("delivered")})
            )
          order by o.placed_at
          limit ${ROUND_LIMIT}`,
    );
    for (const o of due) {
      const r = await orderUpdates(db, o.id, flowDeps);
      out.orders.push({ orderId: o.id, outcomes: r.steps.map((s) => `${s.key}:${s.outcome}`) });
    }
  }

  if (deps.catalogClient) {
    out.catalog = await catalogSync(db, { clock: deps.clock, settings, client: deps.catalogClient });
  }
  return out;
}

export interface FlowPollerOptions {
  db: Db;
  clock?: Clock;
  catalogClient?: Pick<WhatsAppClient, "catalogItemsBatch">;
  publicUrl?: string;
  pollIntervalMs?: number;
  catalogIntervalMs?: number;
}

export interface FlowPollerStatus {
  started: boolean;
  rounds: number;
  cartSteps: number;
  orderUpdates: number;
  catalogPushed: number;
  lastRunAt: string | null;
  lastError: string | null;
}

/** Runs runFlowsOnce every poll interval (30 s), the catalog part every catalog interval (5 min). */
export class FlowPoller {
  private readonly opts: Required<Omit<FlowPollerOptions, "catalogClient" | "publicUrl">> & FlowPollerOptions;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private started = false;
  private lastCatalogAt = 0;
  private readonly state: FlowPollerStatus = {
    started: false,
    rounds: 0,
    cartSteps: 0,
    orderUpdates: 0,
    catalogPushed: 0,
    lastRunAt: null,
    lastError: null,
  };

  constructor(opts: FlowPollerOptions) {
    this.opts = { clock: systemClock, pollIntervalMs: 30_000, catalogIntervalMs: 5 * 60_000, ...opts };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.state.started = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.state.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  status(): FlowPollerStatus {
    return { ...this.state };
  }

  /** One round now (tests, and the timer). */
  async round(): Promise<FlowRoundSummary | null> {
    const now = this.opts.clock.now().getTime();
    const catalogDue = !!this.opts.catalogClient && now - this.lastCatalogAt >= this.opts.catalogIntervalMs;
    try {
      const s = await runFlowsOnce(this.opts.db, {
        clock: this.opts.clock,
        catalogClient: catalogDue ? this.opts.catalogClient : undefined,
        publicUrl: this.opts.publicUrl,
      });
      if (catalogDue) this.lastCatalogAt = now;
      this.state.rounds += 1;
      this.state.cartSteps += s.cartSteps.length;
      this.state.orderUpdates += s.orders.length;
      this.state.catalogPushed += s.catalog?.pushed ?? 0;
      this.state.lastError = null;
      return s;
    } catch (e) {
      this.state.lastError = e instanceof Error ? e.message : String(e);
      console.error(JSON.stringify({ level: "error", msg: "whatsapp flows round failed", error: String(e) }));
      return null;
    } finally {
      this.state.lastRunAt = new Date(now).toISOString();
    }
  }

  private schedule(ms: number) {
    if (!this.started) return;
    this.timer = setTimeout(() => {
      this.running = this.round().then(() => {
        this.running = undefined;
        this.schedule(this.opts.pollIntervalMs);
      });
    }, ms);
    this.timer.unref?.();
  }
}
