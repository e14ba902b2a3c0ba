import { InngestTestEngine, mockCtx } from "@inngest/test";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { createWhatsAppCartRecoveryFunction } from "@/inngest/functions/whatsapp-cart-recovery";
import {
  createWhatsAppCatalogOnGuardFunction,
  createWhatsAppCatalogSyncFunction,
} from "@/inngest/functions/whatsapp-catalog-sync";
import { createWhatsAppOrderUpdatesFunction } from "@/inngest/functions/whatsapp-order-updates";
import { upsertCarts, upsertCustomers, upsertOrders, type OrderRecord } from "@/lib/commerce";
import { defaultGuardSettings, saveGuardSettings } from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import {
  createSandboxTransport,
  createWhatsAppClient,
  optIn,
  optOut,
  saveWhatsAppSettings,
  skipReasons,
  type WaPhone,
} from "@/lib/whatsapp";
import { cartRecoveryStep, runFlowsOnce } from "@/lib/whatsapp/flows";
import { followLink } from "@/lib/whatsapp/links";
import { mirrorChanged } from "@/lib/mirror";
import { engines, testDb, type TestDb } from "../support/db";
import { addLocations, addSku, setStock } from "./guard-store";

/*
 * The WhatsApp flows through their Inngest functions (@inngest/test, waits mocked by step id)
 * on a real database: what lands in the outbox (wa_messages) is read back with plain SQL.
 */

const T0 = new Date("2026-06-01T04:30:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(T0.getTime() + ms);

interface Msg extends Record<string, unknown> {
  idempotency_key: string;
  status: string;
  reason: string | null;
  template_name: string | null;
  category: string;
  body: { template?: { components: { type: string; parameters: { text?: string }[] }[] } } & Record<
    string,
    unknown
  >;
  cart_id: string | null;
  order_id: string | null;
  attribution: string | null;
  converted_order_id: string | null;
  converted_paise: number | string | null;
}

const messages = (db: Db, where: ReturnType<typeof sql>) =>
  queryRows<Msg>(db, sql`select * from wa_messages where ${where} order by id`);

/** Body parameters of a template row, as text. */
const params = (m: Msg) =>
  (m.body.template?.components ?? [])
    .filter((c) => c.type === "body")
    .flatMap((c) => c.parameters.map((p) => p.text ?? JSON.stringify(p)));

let phoneSeq = 0;
const nextPhone = () => `9198000${String(++phoneSeq).padStart(5, "0")}` as WaPhone;

describe.each(engines)("WhatsApp flows on %s", (engine) => {
  let t: TestDb;
  const clock = fixedClock(T0);

  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    await saveWhatsAppSettings(t.db, { messagingTier: 0, storefrontUrl: "https://shop.kosha.test" });
    const createdAt = new Date("2026-05-01T00:00:00Z");
    await addSku(t.db, { sku: "SAR-1", category: "saree", pricePaise: 450_000, createdAt });
    await addSku(t.db, { sku: "DUP-OOS", category: "dupatta", levels: [[0, 0]], createdAt });
    await addSku(t.db, { sku: "DUP-SUB", category: "dupatta", pricePaise: 140_000, createdAt });
    await addSku(t.db, { sku: "RAZ-OOS", category: "razai", levels: [[0, 0]], createdAt });
  });
  afterAll(() => t.drop());

  /** A shopper with a phone (opted in unless told), and their open cart last touched at `last`. */
  async function shopper(
    cartId: string,
    items: [sku: string, qty: number, pricePaise: number][],
    opts: { last?: Date; consent?: "in" | "out" | "none" } = {},
  ) {
    const phone = nextPhone();
    const customerId = `cus_${cartId}`;
    const last = opts.last ?? T0;
    await upsertCustomers(t.db, [
      {
        id: customerId,
        email: `${cartId}@example.in`,
        phone: `+${phone}`,
        firstName: "Meera",
        createdAt: new Date("2026-01-01T00:00:00Z"),
        sourceUpdatedAt: new Date("2026-01-01T00:00:00Z"),
        groupIds: [],
      },
    ]);
    await upsertCarts(t.db, [
      {
        id: cartId,
        customerId,
        email: `${cartId}@example.in`,
        phone: `+${phone}`,
        currencyCode: "inr",
        createdAt: new Date(last.getTime() - 10 * MIN),
        lastActivityAt: last,
        sourceUpdatedAt: last,
        items: items.map(([sku, quantity, unitPricePaise], i) => ({
          id: `${cartId}_li${i}`,
          variantId: `var_${sku}`,
          sku,
          title: `Product ${sku}`,
          quantity,
          unitPricePaise,
        })),
      },
    ]);
    if (opts.consent !== "none") {
      await optIn(
        t.db,
        { phone, source: "checkout", dedupeKey: `in:${phone}`, at: new Date("2026-05-01T00:00:00Z") },
        clock,
      );
    }
    if (opts.consent === "out") {
      await optOut(
        t.db,
        { phone, source: "keyword", dedupeKey: `out:${phone}`, at: new Date("2026-05-20T00:00:00Z") },
        clock,
      );
    }
    return {
      phone,
      customerId,
      cartEvent: {
        name: "commerce/cart.updated",
        data: { cartId, customerId, lastActivityAt: last.toISOString() },
      },
    };
  }

  const recovery = () => createWhatsAppCartRecoveryFunction({ getDb: async () => t.db, clock });
  /**
   * Runs the whole function; each wait "times out" after moving the clock to its deadline, or
   * answers the given order event. The waits are answered through transformCtx, by step id:
   * @inngest/test 1.0 under inngest 4.24 validates a `steps`-mocked waitForEvent result before
   * awaiting it (a promise proxy, so "Event not found in triggers: undefined" for null and for
   * an event alike).
   */
  const runRecovery = (
    event: { name: string; data: Record<string, unknown> },
    order?: { at: 1 | 2; event: unknown },
  ) =>
    new InngestTestEngine({
      function: recovery(),
      transformCtx: (raw) => {
        const ctx = mockCtx(raw) as unknown as { step: Record<string, unknown> };
        ctx.step.waitForEvent = vi.fn(async (id: string) => {
          const n = id === "wait-for-order-1" ? 1 : id === "wait-for-order-2" ? 2 : 0;
          if (n === 0) throw new Error(`unexpected wait ${id}`);
          if (order?.at === n) return order.event;
          clock.set(at(n === 1 ? 60 * MIN : 23 * HOUR));
          return null;
        });
        return ctx as never;
      },
    }).execute({ events: [event] as never });

  describe("cart recovery", () => {
    it("sends the reminder with a checkout link carrying the attribution, then the last call at 23 h", async () => {
      clock.set(T0);
      const s = await shopper("cart_happy", [["SAR-1", 1, 450_000]]);
      const { result, ctx, error } = await runRecovery(s.cartEvent);
      expect(error).toBeUndefined();
      expect(result).toMatchObject({ first: { outcome: "queued" }, second: { outcome: "queued" } });
      expect(ctx.step.waitForEvent).toHaveBeenCalledWith(
        "wait-for-order-1",
        expect.objectContaining({
          timeout: at(60 * MIN),
          if: `async.data.cartId == "cart_happy" || async.data.customerId == "cus_cart_happy"`,
        }),
      );
      expect(ctx.step.waitForEvent).toHaveBeenCalledWith(
        "wait-for-order-2",
        expect.objectContaining({ timeout: at(23 * HOUR) }),
      );

      const rows = await messages(t.db, sql`cart_id = 'cart_happy'`);
      expect(
        rows.map((r) => [r.idempotency_key, r.status, r.template_name, r.category, r.attribution]),
      ).toEqual([
        ["cart_recovery:cart_happy:1", "queued", "cart_reminder", "marketing", "cart_recovery"],
        ["cart_recovery:cart_happy:2", "queued", "cart_last_call", "marketing", "cart_recovery"],
      ]);
      const [name, summary, link] = params(rows[0]!);
      expect(name).toBe("Meera");
      expect(summary).toBe("Product SAR-1");
      const u = new URL(link!);
      expect(u.origin + u.pathname).toBe("https://shop.kosha.test/checkout");
      expect(Object.fromEntries(u.searchParams)).toEqual({
        cart: "cart_happy",
        utm_source: "whatsapp",
        utm_medium: "cart_recovery",
        utm_campaign: "cart_recovery",
        utm_content: "nudge_1",
      });
      expect(new URL(params(rows[1]!)[1]!).searchParams.get("utm_content")).toBe("nudge_2");
    });

    it("sends a tracked link when Kosha's public URL is known, and the click lands on the checkout", async () => {
      clock.set(T0);
      await shopper("cart_tracked", [["SAR-1", 1, 450_000]]);
      clock.set(at(61 * MIN));
      const o = await cartRecoveryStep(t.db, "cart_tracked", 1, {
        clock,
        publicUrl: "https://kosha.shop.test",
      });
      expect(o.outcome).toBe("queued");
      const [row] = await messages(t.db, sql`cart_id = 'cart_tracked'`);
      const link = params(row!)[2]!;
      expect(link).toMatch(/^https:\/\/kosha\.shop\.test\/r\/[A-Za-z0-9_-]{16}$/);
      const target = await followLink(t.db, link.split("/r/")[1]!, clock);
      const u = new URL(target!);
      expect(u.origin + u.pathname).toBe("https://shop.kosha.test/checkout");
      expect(u.searchParams.get("cart")).toBe("cart_tracked");
      expect(u.searchParams.get("utm_campaign")).toBe("cart_recovery");
      const [clicked] = await queryRows<{ clicked_at: Date | null }>(
        t.db,
        sql`select clicked_at from wa_messages where idempotency_key = 'cart_recovery:cart_tracked:1'`,
      );
      expect(clicked!.clicked_at).not.toBeNull();
    });

    it("is idempotent: running the function again (and the in-process poller) adds no message", async () => {
      clock.set(T0);
      const again = await runRecovery({
        name: "commerce/cart.updated",
        data: { cartId: "cart_happy", customerId: "cus_cart_happy", lastActivityAt: T0.toISOString() },
      });
      expect(again.result).toMatchObject({
        first: { outcome: "duplicate" },
        second: { outcome: "duplicate" },
      });
      clock.set(at(23 * HOUR + MIN));
      const round = await runFlowsOnce(t.db, { clock });
      expect(round.cartSteps.filter((c) => c.cartId === "cart_happy")).toEqual([]);
      expect(await messages(t.db, sql`cart_id = 'cart_happy'`)).toHaveLength(2);
    });

    it("exits without a message when an order from the cart arrives during the wait", async () => {
      clock.set(T0);
      const s = await shopper("cart_bought", [["SAR-1", 1, 450_000]]);
      const { result, ctx } = await runRecovery(s.cartEvent, {
        at: 1,
        event: { name: "commerce/order.updated", data: { orderId: "order_b", cartId: "cart_bought" } },
      });
      expect(result).toEqual({ outcome: "exit", reason: "order order_b placed" });
      expect(ctx.step.run).not.toHaveBeenCalledWith("send-1", expect.any(Function));
      expect(await messages(t.db, sql`cart_id = 'cart_bought'`)).toEqual([]);
    });

    it("swaps a blocked item for its substitute in the message and the link", async () => {
      clock.set(T0);
      const s = await shopper("cart_swap", [
        ["DUP-OOS", 2, 150_000],
        ["SAR-1", 1, 450_000],
      ]);
      const { result } = await runRecovery(s.cartEvent, {
        at: 2,
        event: { name: "commerce/order.updated", data: { orderId: "order_s", cartId: "cart_swap" } },
      });
      expect(result).toMatchObject({ first: { outcome: "queued" }, outcome: "exit" });
      const [row] = await messages(t.db, sql`cart_id = 'cart_swap'`);
      const [, summary, link] = params(row!);
      expect(summary).toBe("Product DUP-SUB (DUP-SUB) and 1 more");
      expect(new URL(link!).searchParams.get("items")).toBe("DUP-SUB:2,SAR-1:1");
      expect(JSON.stringify(row!.body)).not.toContain("DUP-OOS");
      const audit = await queryRows<{ sku: string; action: string; swapped_to: string | null }>(
        t.db,
        sql`select sku, action, swapped_to from guard_audit where surface = 'recovery' and sku = 'DUP-OOS'`,
      );
      expect(audit).toContainEqual({ sku: "DUP-OOS", action: "swapped", swapped_to: "DUP-SUB" });
    });

    it("records a skipped step with the guard's reason when every item is blocked with no substitute", async () => {
      clock.set(T0);
      const s = await shopper("cart_blocked", [["RAZ-OOS", 1, 300_000]]);
      const { result } = await runRecovery(s.cartEvent);
      expect(result).toMatchObject({ first: { outcome: "skipped" }, second: { outcome: "skipped" } });
      const rows = await messages(t.db, sql`cart_id = 'cart_blocked'`);
      expect(rows.map((r) => r.status)).toEqual(["skipped", "skipped"]);
      expect(rows[0]!.reason).toContain(skipReasons.guardBlocked);
      expect(rows[0]!.reason).toContain("RAZ-OOS: out_of_stock");
    });

    it("skips an opted-out phone, with the reason", async () => {
      clock.set(T0);
      const s = await shopper("cart_stop", [["SAR-1", 1, 450_000]], { consent: "out" });
      const { result } = await runRecovery(s.cartEvent);
      expect(result).toMatchObject({ first: { outcome: "skipped", reason: skipReasons.optedOut } });
      const rows = await messages(t.db, sql`cart_id = 'cart_stop'`);
      expect(rows.map((r) => [r.status, r.reason])).toEqual([
        ["skipped", skipReasons.optedOut],
        ["skipped", skipReasons.optedOut],
      ]);
    });

    it("does nothing when a newer activity moved the cart's moment (the newer run owns it)", async () => {
      clock.set(T0);
      const s = await shopper("cart_moved", [["SAR-1", 1, 450_000]], { last: at(30 * MIN) });
      // The event of an older activity; the cart's last activity is now 30 minutes later.
      const { result } = await runRecovery({
        ...s.cartEvent,
        data: { ...s.cartEvent.data, lastActivityAt: T0.toISOString() },
      });
      expect(result).toMatchObject({ first: { outcome: "not_due" } });
      expect(await messages(t.db, sql`cart_id = 'cart_moved'`)).toEqual([]);
    });

    it("in-process: the poller sends step 1 once the cart is idle past the delay, and step 2 at 23 h", async () => {
      const s = await shopper("cart_poll", [["SAR-1", 1, 450_000]], { last: at(2 * 24 * HOUR) });
      clock.set(at(2 * 24 * HOUR + 59 * MIN));
      expect((await runFlowsOnce(t.db, { clock })).cartSteps.filter((c) => c.cartId === "cart_poll")).toEqual(
        [],
      );
      clock.set(at(2 * 24 * HOUR + 61 * MIN));
      const r1 = await runFlowsOnce(t.db, { clock });
      expect(r1.cartSteps.filter((c) => c.cartId === "cart_poll")).toEqual([
        { cartId: "cart_poll", step: 1, outcome: "queued" },
      ]);
      expect((await runFlowsOnce(t.db, { clock })).cartSteps.filter((c) => c.cartId === "cart_poll")).toEqual(
        [],
      );
      clock.set(at(2 * 24 * HOUR + 23 * HOUR));
      const r2 = await runFlowsOnce(t.db, { clock });
      expect(r2.cartSteps.filter((c) => c.cartId === "cart_poll")).toEqual([
        { cartId: "cart_poll", step: 2, outcome: "queued" },
      ]);
      expect((await messages(t.db, sql`cart_id = 'cart_poll'`)).map((m) => m.idempotency_key)).toEqual([
        "cart_recovery:cart_poll:1",
        "cart_recovery:cart_poll:2",
      ]);
      void s;
    });
  });

  describe("the mirror's commerce events", () => {
    it("under Inngest (defer), a written cart or order emits the event the flows start or exit on", async () => {
      const emitted: { name: string; data: Record<string, unknown> }[] = [];
      const deps = { clock, emit: (e: typeof emitted) => void emitted.push(...e), defer: true };
      await mirrorChanged(t.db, { kind: "cart", ids: ["cart_happy"] }, deps);
      expect(emitted).toContainEqual({
        name: "commerce/cart.updated",
        data: { cartId: "cart_happy", customerId: "cus_cart_happy", lastActivityAt: T0.toISOString() },
      });
      // In-process nothing listens (the poller reads the mirror): no commerce events.
      emitted.length = 0;
      await mirrorChanged(t.db, { kind: "cart", ids: ["cart_happy"] }, { ...deps, defer: false });
      expect(emitted.filter((e) => e.name.startsWith("commerce/"))).toEqual([]);
    });
  });

  describe("attribution of a recovered order", () => {
    it("credits the order to the last recovery message that went out within 7 days, once", async () => {
      // cart_happy's two messages went out at +1 h and +23 h.
      await t.db.execute(
        sql`update wa_messages set status = 'delivered', sent_at = case when idempotency_key like '%:1'
              then ${at(61 * MIN).toISOString()}::timestamptz else ${at(23 * HOUR).toISOString()}::timestamptz end
            where cart_id = 'cart_happy'`,
      );
      clock.set(at(24 * HOUR));
      await placeOrder({
        id: "order_happy",
        cartId: "cart_happy",
        customerId: "cus_cart_happy",
        placedAt: at(24 * HOUR),
        totalPaise: 450_000,
      });
      const fn = createWhatsAppOrderUpdatesFunction({ getDb: async () => t.db, clock });
      const run = () =>
        new InngestTestEngine({ function: fn }).execute({
          events: [
            { name: "commerce/order.updated", data: { orderId: "order_happy", cartId: "cart_happy" } },
          ],
        });
      const { result } = await run();
      expect(result).toMatchObject({ conversion: { orderId: "order_happy", paise: 450_000 } });
      const emitted: { name: string; data: Record<string, unknown> }[] = [];
      await mirrorChanged(
        t.db,
        { kind: "order", ids: ["order_happy"] },
        { clock, emit: (e: typeof emitted) => void emitted.push(...e), defer: true },
      );
      expect(emitted).toContainEqual({
        name: "commerce/order.updated",
        data: { orderId: "order_happy", cartId: "cart_happy", customerId: "cus_cart_happy" },
      });
      const rows = await messages(t.db, sql`cart_id = 'cart_happy'`);
      expect(
        rows.map((r) => [
          r.idempotency_key,
          r.converted_order_id,
          r.converted_paise && Number(r.converted_paise),
        ]),
      ).toEqual([
        ["cart_recovery:cart_happy:1", null, null],
        ["cart_recovery:cart_happy:2", "order_happy", 450_000],
      ]);
      expect((await run()).result).toMatchObject({ conversion: null });
      const credited = await messages(t.db, sql`converted_order_id = 'order_happy'`);
      expect(credited).toHaveLength(1);
    });

    it("does not credit an order placed after the 7-day window", async () => {
      await t.db.execute(
        sql`update wa_messages set status = 'read', sent_at = ${at(61 * MIN).toISOString()}::timestamptz
            where cart_id = 'cart_swap'`,
      );
      await placeOrder({
        id: "order_late",
        cartId: "cart_swap",
        customerId: "cus_cart_swap",
        placedAt: at(8 * 24 * HOUR),
        totalPaise: 300_000,
      });
      clock.set(at(8 * 24 * HOUR));
      const fn = createWhatsAppOrderUpdatesFunction({ getDb: async () => t.db, clock });
      const { result } = await new InngestTestEngine({ function: fn }).execute({
        events: [{ name: "commerce/order.updated", data: { orderId: "order_late" } }],
      });
      expect(result).toMatchObject({ conversion: null });
    });
  });

  async function placeOrder(o: Partial<OrderRecord> & { id: string; placedAt: Date; totalPaise: number }) {
    await upsertOrders(t.db, [
      {
        status: "pending",
        paymentStatus: "captured",
        fulfillmentStatus: "not_fulfilled",
        paymentMethod: "prepaid",
        currencyCode: "inr",
        subtotalPaise: o.totalPaise,
        sourceUpdatedAt: o.placedAt,
        items: [],
        ...o,
      },
    ]);
  }

  describe("order updates", () => {
    const fn = () => createWhatsAppOrderUpdatesFunction({ getDb: async () => t.db, clock });
    const run = (orderId: string, data: Record<string, unknown> = {}) =>
      new InngestTestEngine({ function: fn() }).execute({
        events: [{ name: "commerce/order.updated", data: { orderId, ...data } }],
      });

    it("placed, then shipped with the carrier's tracking, then delivered; each once", async () => {
      const s = await shopper("cart_o1", [["SAR-1", 1, 450_000]]);
      const placedAt = at(10 * 24 * HOUR);
      clock.set(at(10 * 24 * HOUR + 5 * MIN));
      await placeOrder({
        id: "order_1",
        displayId: 1001,
        customerId: s.customerId,
        placedAt,
        totalPaise: 449_950,
      });
      await run("order_1");
      await run("order_1");
      await placeOrder({
        id: "order_1",
        displayId: 1001,
        customerId: s.customerId,
        placedAt,
        totalPaise: 449_950,
        fulfillmentStatus: "shipped",
        sourceUpdatedAt: at(11 * 24 * HOUR),
      });
      clock.set(at(11 * 24 * HOUR));
      await run("order_1", {
        tracking: { number: "DL123456789IN", url: "https://track.example/DL123456789IN" },
      });
      await placeOrder({
        id: "order_1",
        displayId: 1001,
        customerId: s.customerId,
        placedAt,
        totalPaise: 449_950,
        fulfillmentStatus: "delivered",
        sourceUpdatedAt: at(13 * 24 * HOUR),
      });
      clock.set(at(13 * 24 * HOUR));
      await run("order_1");

      const rows = await messages(t.db, sql`order_id = 'order_1'`);
      expect(rows.map((r) => [r.idempotency_key, r.status, r.template_name, r.category])).toEqual([
        ["order_update:order_1:placed", "queued", "order_placed", "utility"],
        ["order_update:order_1:shipped", "queued", "order_shipped", "utility"],
        ["order_update:order_1:delivered", "queued", "order_delivered", "utility"],
      ]);
      expect(params(rows[0]!).slice(0, 2)).toEqual(["Meera", "1001"]);
      expect(JSON.stringify(rows[0]!.body)).toContain('"amount_1000":4499500');
      expect(params(rows[1]!)).toEqual(["1001", "https://track.example/DL123456789IN (AWB DL123456789IN)"]);
      expect(params(rows[2]!)).toEqual(["1001"]);
    });

    it("a COD order gets the confirm-or-pay-online prompt with both replies", async () => {
      const s = await shopper("cart_o2", [["SAR-1", 1, 450_000]]);
      clock.set(at(20 * 24 * HOUR));
      await placeOrder({
        id: "order_cod",
        displayId: 1002,
        customerId: s.customerId,
        placedAt: at(20 * 24 * HOUR - MIN),
        totalPaise: 120_000,
        paymentMethod: "cod",
        paymentStatus: "not_paid",
      });
      const { result } = await run("order_cod");
      expect(result).toMatchObject({
        steps: [
          { key: "order_update:order_cod:placed", outcome: "queued" },
          { key: "order_update:order_cod:cod_confirm", outcome: "queued" },
        ],
      });
      const [cod] = await messages(t.db, sql`idempotency_key = 'order_update:order_cod:cod_confirm'`);
      expect(cod!.template_name).toBe("cod_confirm");
      const components = (cod!.body.template?.components ?? []) as unknown as Record<string, unknown>[];
      expect(components.filter((c) => c.type === "button")).toEqual([
        {
          type: "button",
          sub_type: "quick_reply",
          index: "0",
          parameters: [{ type: "payload", payload: "cod_confirm:order_cod" }],
        },
        {
          type: "button",
          sub_type: "quick_reply",
          index: "1",
          parameters: [{ type: "payload", payload: "cod_pay_online:order_cod" }],
        },
      ]);
      // A prepaid order, or a COD order already dispatched, gets no prompt.
      expect(await messages(t.db, sql`idempotency_key = 'order_update:order_1:cod_confirm'`)).toEqual([]);
    });

    it("records no-consent as skipped and sends nothing for an old or canceled order", async () => {
      const s = await shopper("cart_o3", [["SAR-1", 1, 450_000]], { consent: "none" });
      clock.set(at(30 * 24 * HOUR));
      await placeOrder({
        id: "order_nc",
        customerId: s.customerId,
        placedAt: at(30 * 24 * HOUR - MIN),
        totalPaise: 1000,
      });
      await placeOrder({
        id: "order_old",
        customerId: s.customerId,
        placedAt: at(20 * 24 * HOUR),
        totalPaise: 1000,
      });
      await placeOrder({
        id: "order_cx",
        customerId: s.customerId,
        placedAt: at(30 * 24 * HOUR - MIN),
        totalPaise: 1000,
        status: "canceled",
      });
      await run("order_nc");
      await run("order_old");
      await run("order_cx");
      const rows = await messages(t.db, sql`order_id in ('order_nc', 'order_old', 'order_cx')`);
      expect(rows.map((r) => [r.idempotency_key, r.status, r.reason])).toEqual([
        ["order_update:order_nc:placed", "skipped", skipReasons.noConsent],
      ]);
    });
  });

  describe("catalog sync", () => {
    it("pushes every listed SKU in batches, then only what changed; blocked → out of stock and back", async () => {
      clock.set(T0);
      const transport = createSandboxTransport(t.db, { clock });
      const client = createWhatsAppClient({ transport, phoneNumberId: "pn" });
      const deps = { getDb: async () => t.db, clock, client: () => client };
      const catalogRequests = async () => {
        await transport.flush();
        return queryRows<{ body: { requests: { method: string; data: Record<string, string> }[] } }>(
          t.db,
          sql`select body from channel_sandbox_requests where path like '%/items_batch' order by id`,
        );
      };
      await saveWhatsAppSettings(t.db, {
        messagingTier: 0,
        storefrontUrl: "https://shop.kosha.test",
        catalogId: "cat_1",
      });
      const full = await new InngestTestEngine({ function: createWhatsAppCatalogSyncFunction(deps) }).execute(
        {
          events: [{ name: "inngest/scheduled.timer", data: {} }],
        },
      );
      const skus = ["DUP-OOS", "DUP-SUB", "RAZ-OOS", "SAR-1"];
      expect(full.result).toMatchObject({ considered: 4, pushed: 4, unchanged: 0, outOfStock: 2 });
      let sent = await catalogRequests();
      expect(sent).toHaveLength(1);
      const items = sent[0]!.body.requests;
      expect(items.map((r) => [r.method, r.data.id, r.data.availability])).toEqual(
        skus.map((s) => ["CREATE", s, s.endsWith("OOS") ? "out of stock" : "in stock"]),
      );
      expect(items.find((r) => r.data.id === "SAR-1")!.data).toMatchObject({
        price: "4500.00 INR",
        link: "https://shop.kosha.test/products/prod_SAR-1",
        item_group_id: "prod_SAR-1",
      });

      // Nothing changed: nothing pushed.
      const quiet = await new InngestTestEngine({
        function: createWhatsAppCatalogSyncFunction(deps),
      }).execute({
        events: [{ name: "inngest/scheduled.timer", data: {} }],
      });
      expect(quiet.result).toMatchObject({ pushed: 0, unchanged: 4, batches: [] });
      expect(await catalogRequests()).toHaveLength(1);

      // SAR-1 sells out: the guard's event makes it "out of stock" in the catalog, alone.
      await setStock(t.db, "SAR-1", [[0, 0]], new Date("2026-06-01T05:00:00Z"));
      const onGuard = () => new InngestTestEngine({ function: createWhatsAppCatalogOnGuardFunction(deps) });
      const event = (name: string) => ({
        name,
        data: { sku: "SAR-1", reasons: [], substituteSku: null, at: T0.toISOString() },
      });
      const blocked = await onGuard().execute({ events: [event("inventory/sku.blocked")] });
      expect(blocked.result).toMatchObject({ considered: 1, pushed: 1 });
      sent = await catalogRequests();
      expect(sent.at(-1)!.body.requests.map((r) => [r.method, r.data.id, r.data.availability])).toEqual([
        ["UPDATE", "SAR-1", "out of stock"],
      ]);
      const [item] = await queryRows<{ availability: string }>(
        t.db,
        sql`select availability from wa_catalog_items where retailer_id = 'SAR-1'`,
      );
      expect(item!.availability).toBe("out of stock");

      await setStock(t.db, "SAR-1", [[12, 0]], new Date("2026-06-01T06:00:00Z"));
      await onGuard().execute({ events: [event("inventory/sku.unblocked")] });
      sent = await catalogRequests();
      expect(sent.at(-1)!.body.requests.map((r) => [r.data.id, r.data.availability])).toEqual([
        ["SAR-1", "in stock"],
      ]);
    });

    it("splits into batches of the given size", async () => {
      const transport = createSandboxTransport(t.db, { clock });
      const client = createWhatsAppClient({ transport, phoneNumberId: "pn" });
      for (let i = 0; i < 5; i++)
        await addSku(t.db, { sku: `BED-${i}`, category: "bedsheet", pricePaise: 200_000 + i });
      const { catalogSync } = await import("@/lib/whatsapp/flows");
      const r = await catalogSync(t.db, { clock, client, batchSize: 2 });
      expect(r.pushed).toBe(5);
      expect(r.batches.map((b) => b.items)).toEqual([2, 2, 1]);
      expect(r.batches.every((b) => b.handle?.startsWith("sandbox-batch-"))).toBe(true);
      await transport.flush();
    });
  });
});
