import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { guardPromotion, type GuardedSkus } from "@/lib/guard";
import type { Clock } from "@/lib/time";
import { trackedLinks } from "../links";
import { templateMessage } from "../messages";
import { enqueueMessages } from "../outbox/enqueue";
import { skipReasons, type MessageDraft } from "../outbox/types";
import { normalizePhone } from "../phone";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import type { FlowStepOutcome } from "./outcome";
import { existingDecision, recordSkipped } from "./record-skipped";

/*
 * Cart recovery: a cart the shopper left goes quiet; after `firstDelayMinutes` they get the
 * reminder template, and at `secondNudgeHours` after their last activity (inside the 24 hours
 * the reminder is still relevant) a last call. Each step is one call of cartRecoveryStep, keyed
 * `cart_recovery:<cartId>:<step>`, and decides at the moment it runs: the cart must still be
 * open with no order from the cart or its customer, the phone opted in (the outbox checks consent
 * and the marketing budget), and every item is asked of the guard now — a blocked item is swapped
 * for its substitute or dropped; if nothing is left the step is recorded as skipped.
 *
 * The Inngest function and the in-process poller both drive these steps; the key makes them
 * send once between them.
 */

export type RecoveryStep = 1 | 2;

export const CART_RECOVERY_CAMPAIGN = "cart_recovery";
/** After this long a cart is history, not an abandoned checkout: no step runs any more. */
export const RECOVERY_HORIZON_MS = 24 * 60 * 60 * 1000;

export const cartRecoveryKey = (cartId: string, step: RecoveryStep) => `cart_recovery:${cartId}:${step}`;

export interface FlowDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
  /**
   * Where customers reach Kosha (KOSHA_PUBLIC_URL): when set, links go out as tracked links
   * (<publicUrl>/r/<token>) so the message's click is measured; unset, the plain target.
   */
  publicUrl?: string;
}

export interface CartSnapshot {
  id: string;
  customerId: string | null;
  phone: string | null;
  name: string | null;
  lastActivityAt: Date;
  completedAt: Date | null;
  items: { sku: string | null; title: string; quantity: number; unitPricePaise: number }[];
}

export async function readCart(db: Db, cartId: string): Promise<CartSnapshot | null> {
  const [cart] = await queryRows<{
    id: string;
    customer_id: string | null;
    cart_phone: string | null;
    customer_phone: string | null;
    first_name: string | null;
    last_activity_at: Date | string;
    completed_at: Date | string | null;
  }>(
    db,
    sql`select c.id, c.customer_id, c.phone as cart_phone, cu.phone as customer_phone, cu.first_name,
               c.last_activity_at, c.completed_at
        from carts c left join customers cu on cu.id = c.customer_id
        where c.id = ${cartId}`,
  );
  if (!cart) return null;
  const items = await queryRows<{
    sku: string | null;
    title: string;
    quantity: number;
    unit_price_paise: number | string;
  }>(
    db,
    sql`select sku, title, quantity, unit_price_paise from cart_items where cart_id = ${cartId} order by id`,
  );
  return {
    id: cart.id,
    customerId: cart.customer_id,
    // The cart's own phone is what the shopper typed at checkout; the account's is a fallback.
    phone: normalizePhone(cart.cart_phone) ?? normalizePhone(cart.customer_phone),
    name: cart.first_name,
    lastActivityAt: new Date(cart.last_activity_at),
    completedAt: cart.completed_at ? new Date(cart.completed_at) : null,
    items: items.map((i) => ({
      sku: i.sku,
      title: i.title,
      quantity: i.quantity,
      unitPricePaise: Number(i.unit_price_paise),
    })),
  };
}

/** An order from this cart, or from its customer since the cart's last activity (not canceled). */
export async function orderForCart(
  db: Db,
  cart: Pick<CartSnapshot, "id" | "customerId" | "lastActivityAt">,
): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from orders
        where status <> 'canceled'
          and (cart_id = ${cart.id}
               or (${cart.customerId}::text is not null and customer_id = ${cart.customerId}
                   and placed_at >= ${cart.lastActivityAt.toISOString()}::timestamptz))
        order by placed_at limit 1`,
  );
  return row?.id ?? null;
}

/** When each step is due, from the cart's last activity and the owner's settings. */
export function recoveryTimes(lastActivityAt: Date, settings: WhatsAppSettings) {
  const f = settings.flows.cartRecovery;
  const last = lastActivityAt.getTime();
  return {
    first: new Date(last + f.firstDelayMinutes * 60_000),
    second: new Date(last + f.secondNudgeHours * 3_600_000),
    horizon: new Date(last + RECOVERY_HORIZON_MS),
  };
}

export interface RecoveryItem {
  sku: string;
  title: string;
  quantity: number;
  unitPricePaise: number;
  /** The SKU it stands in for, when the guard swapped a blocked item. */
  replaces?: string;
}

export interface RecoverySelection {
  items: RecoveryItem[];
  skus: GuardedSkus;
  swapped: { from: string; to: string }[];
  dropped: { sku: string | null; title: string; why: string }[];
}

/**
 * The cart's items as the guard lets them be shown now: promotable ones as they are, a blocked
 * one replaced by its substitute (same quantity, the substitute's title and price), or dropped.
 * Items without a SKU cannot be vouched for and are dropped.
 */
export async function recoveryItems(
  db: Db,
  items: CartSnapshot["items"],
  ctx: { clock: Clock },
): Promise<RecoverySelection> {
  const dropped: RecoverySelection["dropped"] = [];
  const withSku = items.filter((i) => {
    if (i.sku) return true;
    dropped.push({ sku: null, title: i.title, why: "no SKU" });
    return false;
  });
  const decision = await guardPromotion(
    db,
    { surface: "recovery", skus: withSku.map((i) => i.sku!), allowSwap: true },
    // Only the clock: callers' deps carry WhatsApp settings, which are not the guard's.
    { clock: ctx.clock },
  );
  const swappedTo = new Map(decision.swapped.map((s) => [s.from, s.to]));
  const blocked = new Map(decision.blocked.map((b) => [b.sku, b.reasons.map((r) => r.code).join(", ")]));
  const subs = [...swappedTo.values()];
  const subInfo = new Map(
    subs.length === 0
      ? []
      : (
          await queryRows<{
            sku: string;
            title: string;
            variant_title: string;
            price_paise: number | string;
          }>(
            db,
            sql`select v.sku, p.title, v.title as variant_title, v.price_paise
                from variants v join products p on p.id = v.product_id
                where v.sku = any(array(select jsonb_array_elements_text(${JSON.stringify(subs)}::jsonb)))`,
          )
        ).map((r) => [r.sku, r]),
  );
  const allowed = new Set<string>(decision.allowed);
  const out: RecoveryItem[] = [];
  const seen = new Set<string>();
  for (const i of withSku) {
    const sku = i.sku!;
    const to = swappedTo.get(sku);
    if (to) {
      const info = subInfo.get(to);
      if (seen.has(to)) continue;
      seen.add(to);
      out.push({
        sku: to,
        title: info ? productTitle(info.title, info.variant_title) : to,
        quantity: i.quantity,
        unitPricePaise: info ? Number(info.price_paise) : i.unitPricePaise,
        replaces: sku,
      });
    } else if (allowed.has(sku) && !seen.has(sku)) {
      seen.add(sku);
      out.push({ sku, title: i.title, quantity: i.quantity, unitPricePaise: i.unitPricePaise });
    } else if (!allowed.has(sku)) {
      dropped.push({ sku, title: i.title, why: blocked.get(sku) ?? "blocked by the guard" });
    }
  }
  return {
    items: out,
    skus: decision.allowed,
    swapped: decision.swapped.map((s) => ({ from: s.from, to: s.to })),
    dropped,
  };
}

const productTitle = (product: string, variant: string) =>
  variant && variant !== product && !/^default/i.test(variant) ? `${product} (${variant})` : product;

/**
 * The checkout link the message carries: the cart, and the campaign tags the storefront's beacon
 * and the order attribution read back. When the guard changed the cart, `items` lists what the
 * storefront should put in it instead (sku:quantity, comma-separated).
 */
export function checkoutLink(
  storefrontUrl: string,
  cartId: string,
  step: RecoveryStep,
  changedItems?: RecoveryItem[],
): string {
  const u = new URL("/checkout", storefrontUrl);
  u.searchParams.set("cart", cartId);
  if (changedItems) u.searchParams.set("items", changedItems.map((i) => `${i.sku}:${i.quantity}`).join(","));
  u.searchParams.set("utm_source", "whatsapp");
  u.searchParams.set("utm_medium", "cart_recovery");
  u.searchParams.set("utm_campaign", CART_RECOVERY_CAMPAIGN);
  u.searchParams.set("utm_content", `nudge_${step}`);
  return u.toString();
}

function summary(items: RecoveryItem[]): string {
  const first = items[0]!.title;
  return items.length === 1 ? first : `${first} and ${items.length - 1} more`;
}

/** One step of cart recovery, decided now. */
export async function cartRecoveryStep(
  db: Db,
  cartId: string,
  step: RecoveryStep,
  deps: FlowDeps,
): Promise<FlowStepOutcome> {
  const key = cartRecoveryKey(cartId, step);
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const exit = (reason: string): FlowStepOutcome => ({ key, outcome: "exit", reason });
  if (!settings.flows.cartRecovery.enabled) return exit("cart recovery is switched off");

  const known = await existingDecision(db, key);
  if (known) return { key, outcome: "duplicate", id: known.id, status: known.status };

  const cart = await readCart(db, cartId);
  if (!cart) return exit("cart not in the mirror");
  if (cart.completedAt) return exit("cart completed");
  if (cart.items.length === 0) return exit("cart is empty");
  const order = await orderForCart(db, cart);
  if (order) return exit(`order ${order} placed`);

  const now = deps.clock.now();
  const times = recoveryTimes(cart.lastActivityAt, settings);
  const dueAt = step === 1 ? times.first : times.second;
  if (now < dueAt) return { key, outcome: "not_due", dueAt: dueAt.toISOString() };
  if (now >= times.horizon) return exit("more than 24 hours since the cart's last activity");
  if (!cart.phone) return exit("no phone on the cart or its customer");

  const selection = await recoveryItems(db, cart.items, deps);
  const changed = selection.swapped.length > 0 || selection.dropped.length > 0;
  const items = selection.items.length > 0 ? selection.items : [];
  const target = checkoutLink(
    settings.storefrontUrl,
    cart.id,
    step,
    changed && items.length > 0 ? items : undefined,
  );
  const link = deps.publicUrl
    ? (await trackedLinks(db, deps.publicUrl, [{ messageKey: key, target }]))[0]!.url
    : target;
  const flow = settings.flows.cartRecovery;
  const name = cart.name?.trim() || "there";
  const shown = items.length > 0 ? items : cart.items.map((i) => ({ ...i, sku: i.sku ?? "" }));
  const message =
    step === 1
      ? templateMessage(flow.template, settings.templateLanguage, [name, summary(shown), link])
      : templateMessage(flow.secondTemplate, settings.templateLanguage, [name, link]);
  const draft: MessageDraft = {
    idempotencyKey: key,
    phone: cart.phone,
    customerId: cart.customerId,
    category: "marketing",
    flow: "cart_recovery",
    message,
    cartId: cart.id,
    attribution: CART_RECOVERY_CAMPAIGN,
  };

  if (items.length === 0) {
    const why = selection.dropped.map((d) => `${d.sku ?? d.title}: ${d.why}`).join("; ");
    const { id } = await recordSkipped(db, draft, `${skipReasons.guardBlocked} (${why})`, deps.clock);
    return { key, outcome: "skipped", id, reason: `${skipReasons.guardBlocked} (${why})` };
  }
  const [outcome] = await enqueueMessages(db, [draft], { clock: deps.clock, settings });
  return outcome!;
}
