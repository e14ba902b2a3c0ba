import { and, eq, lte } from "drizzle-orm";
import { schema, type Db } from "@/db";
import { upsertCarts, upsertCustomerGroups, upsertPriceLists } from "@/lib/commerce";
import {
  inboundBatchHandler,
  type HandlerOutcome,
  type InboundBatch,
  type InboundEvent,
  type InboundHandler,
} from "@/lib/inbox";
import { mirrorNotifierFromEnv, type MirrorChange, type MirrorNotifier } from "@/lib/mirror";
import type { Clock } from "@/lib/time";
import type { MedusaClient } from "../client";
import { RESOURCES, type ResourceRecord } from "../resources";
import { mapCart, mapCustomerGroup, mapPriceList } from "../mappers";
import { cartSchema } from "../schemas";
import {
  applyCustomers,
  applyInventoryItems,
  applyOrders,
  applyProducts,
  inventoryItemIdsForVariants,
} from "../sync/apply";
import { syncMedusa } from "../sync/sync";
import type { MedusaEnvelope } from "./envelope";

/*
 * Processing a stored Medusa event. Most events carry only `{ id }`, so the handler reads the
 * current record from the Admin API and upserts it; the versioned upserts make the order events
 * arrive in irrelevant (an older version never overwrites a newer one). Handlers are idempotent:
 * the inbox may run one more than once.
 */

type Ctx = { db: Db; event: InboundEvent; clock: Clock; client: MedusaClient; mirror: MirrorNotifier };
type Handle = (ctx: Ctx) => Promise<HandlerOutcome>;

const processed: HandlerOutcome = { outcome: "processed" };
const ignored = (reason: string): HandlerOutcome => ({ outcome: "ignored", reason });

function data(event: InboundEvent): Record<string, unknown> {
  return ((event.payload as MedusaEnvelope | null)?.data ?? {}) as Record<string, unknown>;
}

/** `{ id }` or, for bulk events, `{ ids: [...] }`. */
function ids(d: Record<string, unknown>, key = "id"): string[] {
  const one = d[key];
  if (typeof one === "string" && one) return [one];
  const many = d[`${key}s`] ?? (key === "id" ? d.ids : undefined);
  return Array.isArray(many) ? many.filter((x): x is string => typeof x === "string") : [];
}

/** When Medusa says a record is gone: mark the mirror row deleted, as of the event. */
async function markDeleted(
  db: Db,
  table: typeof schema.products | typeof schema.customers | typeof schema.variants,
  id: string,
  at: Date,
) {
  await db
    .update(table)
    .set({ deletedAt: at, sourceUpdatedAt: at })
    .where(and(eq(table.id, id), lte(table.sourceUpdatedAt, at)));
}

const when = (ctx: Ctx) => ctx.event.occurredAt ?? ctx.clock.now();

/** Tells rollups, guard and segments what this event wrote (lib/mirror); a failure retries the event. */
const changed = async (ctx: Ctx, kind: MirrorChange["kind"], ids: string[]) => {
  if (ids.length > 0) await ctx.mirror.changed(ctx.db, { kind, ids }, ctx.clock);
};

/** Re-reads stock for these inventory items; unknown items mean a full inventory pass. */
async function refreshInventory(ctx: Ctx, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const found = [];
  for (const id of itemIds) {
    const item = await ctx.client.retrieve("inventory_items", id);
    if (item) found.push(item);
    else await ctx.db.delete(schema.inventoryLevels).where(eq(schema.inventoryLevels.inventoryItemId, id));
  }
  await applyInventoryItems(ctx.db, found);
  await changed(ctx, "inventory", itemIds);
}

async function refreshInventoryEverywhere(ctx: Ctx): Promise<void> {
  await syncMedusa(ctx.db, ctx.client, {
    mode: "full",
    resources: ["inventory_items"],
    clock: ctx.clock,
    cursorNamespace: "medusa.webhook.cursor",
    mirror: ctx.mirror,
  });
}

/** Orders (placed, canceled, fulfilled, returned) may move stock; Medusa < 2.18 emits no inventory event for it. */
const STOCK_MOVING = new Set([
  "order.placed",
  "order.canceled",
  "order.fulfillment_created",
  "order.fulfillment_canceled",
  "order.return_received",
]);

/** Which data key names the order, by event name (fulfillment and return events carry order_id). */
const ORDER_EVENTS: Record<string, "id" | "order_id"> = {
  "order.placed": "id",
  "order.updated": "id",
  "order.canceled": "id",
  "order.completed": "id",
  "order.archived": "id",
  "order.fulfillment_created": "order_id",
  "order.fulfillment_canceled": "order_id",
  "order.return_requested": "order_id",
  "order.return_received": "order_id",
  // Shipped / delivered (the order's fulfillment_status moves): Medusa sends the fulfillment id;
  // the Kosha forwarder adds the order's id as order_id.
  "shipment.created": "order_id",
  "delivery.created": "order_id",
};

/** Orders fetched from Medusa at once per batch: enough to hide round trips, few enough to be polite. */
const ORDER_FETCH_CONCURRENCY = 8;
/** Order ids per list request (keeps the URL well under common 8 KB limits). */
const ORDERS_PER_LIST = 50;

type Order = ResourceRecord<"orders">;

/**
 * The current version of each order: one `GET /admin/orders?id=…&id=…` per 50 ids (the list takes
 * the same fields as a retrieve), then a retrieve for any id the list did not return, so an order
 * the list leaves out for whatever reason is treated exactly as the one-event path treats it. A
 * list Medusa refuses falls back to retrieves. One id alone is simply retrieved.
 */
async function fetchOrders(client: MedusaClient, ids: string[]): Promise<Map<string, Order>> {
  const found = new Map<string, Order>();
  const def = RESOURCES.orders;
  if (ids.length > 1) {
    for (let i = 0; i < ids.length; i += ORDERS_PER_LIST) {
      const chunk = ids.slice(i, i + ORDERS_PER_LIST);
      const res = await client.send({
        method: "GET",
        path: def.path,
        query: { id: chunk, fields: def.fields, limit: chunk.length },
      });
      const rows = res.status === 200 ? (res.body as Record<string, unknown>)[def.listKey] : undefined;
      if (!Array.isArray(rows)) continue;
      const wanted = new Set(chunk);
      for (const row of rows) {
        const parsed = def.schema.safeParse(row);
        if (parsed.success && wanted.has(parsed.data.id)) found.set(parsed.data.id, parsed.data as Order);
      }
    }
  }
  const rest = ids.filter((id) => !found.has(id));
  let next = 0;
  const fetcher = async () => {
    while (next < rest.length) {
      const id = rest[next++]!;
      const order = await client.retrieve("orders", id);
      if (order) found.set(id, order);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ORDER_FETCH_CONCURRENCY, rest.length) }, fetcher));
  return found;
}

/**
 * Order events as a batch: a burst of order.placed (a sale, a festival morning) is applied with
 * one upsert, one stock re-read and one mirror fan-out (rollups, guard, segments) for all of its
 * orders instead of one each, and reads the orders from Medusa with a few list requests instead
 * of a retrieve each (its current version; the versioned upsert keeps the newest), once per batch
 * even when several events name it. Per event the outcome is what the one-event path would answer.
 */
function orderBatch(client: () => MedusaClient, mirror: () => MirrorNotifier): InboundBatch {
  return {
    key: "orders",
    maxSize: 200,
    async handle({ db, events, clock }) {
      const ctx: Ctx = { db, event: events[0]!, clock, client: client(), mirror: mirror() };
      const wanted = events.map((e) => ids(data(e), ORDER_EVENTS[e.name] ?? "id"));
      const unique = [...new Set(wanted.flat())];
      const fetched = await fetchOrders(ctx.client, unique);
      const found = unique.flatMap((id) => fetched.get(id) ?? []);
      if (found.length > 0) await applyOrders(db, found);

      const moving = new Set<string>();
      events.forEach((e, i) => {
        if (STOCK_MOVING.has(e.name)) for (const id of wanted[i]!) if (fetched.has(id)) moving.add(id);
      });
      if (moving.size > 0) {
        const variantIds = found
          .filter((o) => moving.has(o.id))
          .flatMap((o) => (o.items ?? []).map((item) => item.variant_id))
          .filter((v): v is string => !!v);
        await refreshInventory(ctx, await inventoryItemIdsForVariants(db, [...new Set(variantIds)]));
      }
      await changed(
        ctx,
        "order",
        found.map((o) => o.id),
      );

      return events.map((e, i): HandlerOutcome => {
        const orderIds = wanted[i]!;
        if (orderIds.length === 0) return ignored(`no ${ORDER_EVENTS[e.name] ?? "id"} in event data`);
        if (!orderIds.some((id) => fetched.has(id)))
          return ignored(`order ${orderIds.join(", ")} not found in Medusa`);
        return processed;
      });
    },
  };
}

const handleProduct: Handle = async (ctx) => {
  const productIds = ids(data(ctx.event));
  if (productIds.length === 0) return ignored("no id in event data");
  const written: string[] = [];
  for (const id of productIds) {
    const product = await ctx.client.retrieve("products", id);
    if (product) await applyProducts(ctx.db, [product]);
    else if (ctx.event.name === "product.deleted") await markDeleted(ctx.db, schema.products, id, when(ctx));
    else {
      await changed(ctx, "product", written);
      return ignored(`product ${id} not found in Medusa`);
    }
    written.push(id);
  }
  await changed(ctx, "product", written);
  return processed;
};

const handleVariant: Handle = async (ctx) => {
  const d = data(ctx.event);
  const variantIds = ids(d);
  if (variantIds.length === 0) return ignored("no id in event data");
  const products: string[] = [];
  const deleted: string[] = [];
  for (const id of variantIds) {
    let productId = typeof d.product_id === "string" ? d.product_id : await ctx.client.variantProductId(id);
    if (!productId) {
      const [row] = await ctx.db
        .select({ productId: schema.variants.productId })
        .from(schema.variants)
        .where(eq(schema.variants.id, id));
      productId = row?.productId ?? null;
    }
    const product = productId ? await ctx.client.retrieve("products", productId) : null;
    if (product) {
      await applyProducts(ctx.db, [product]);
      products.push(product.id);
    } else if (ctx.event.name === "product-variant.deleted") {
      await markDeleted(ctx.db, schema.variants, id, when(ctx));
      deleted.push(id);
    } else return ignored(`variant ${id}: its product is not found in Medusa`);
  }
  await changed(ctx, "product", products);
  await changed(ctx, "variant", deleted);
  return processed;
};

/** inventory-level.* and reservation-item.*: re-read the item's levels (the subscriber adds inventory_item_id). */
const handleStock =
  (kind: "level" | "reservation"): Handle =>
  async (ctx) => {
    const d = data(ctx.event);
    const id = typeof d.id === "string" ? d.id : undefined;
    let itemId = typeof d.inventory_item_id === "string" ? d.inventory_item_id : undefined;
    if (!itemId && id && kind === "reservation")
      itemId = (await ctx.client.getReservation(id))?.inventory_item_id;
    if (!itemId && id && kind === "level") {
      const [row] = await ctx.db
        .select({ itemId: schema.inventoryLevels.inventoryItemId })
        .from(schema.inventoryLevels)
        .where(eq(schema.inventoryLevels.id, id));
      itemId = row?.itemId;
    }
    if (itemId) await refreshInventory(ctx, [itemId]);
    else await refreshInventoryEverywhere(ctx);
    return processed;
  };

const handleCustomer: Handle = async (ctx) => {
  const customerIds = ids(data(ctx.event));
  if (customerIds.length === 0) return ignored("no id in event data");
  const written: string[] = [];
  for (const id of customerIds) {
    const customer = await ctx.client.retrieve("customers", id);
    if (customer) await applyCustomers(ctx.db, [customer]);
    else if (ctx.event.name === "customer.deleted")
      await markDeleted(ctx.db, schema.customers, id, when(ctx));
    else {
      await changed(ctx, "customer", written);
      return ignored(`customer ${id} not found in Medusa`);
    }
    written.push(id);
  }
  await changed(ctx, "customer", written);
  return processed;
};

const handleCustomerGroup: Handle = async (ctx) => {
  for (const id of ids(data(ctx.event))) {
    const group = await ctx.client.retrieve("customer_groups", id);
    if (group) await upsertCustomerGroups(ctx.db, [mapCustomerGroup(group)]);
    else
      await ctx.db
        .update(schema.customerGroups)
        .set({ deletedAt: when(ctx), sourceUpdatedAt: when(ctx) })
        .where(and(eq(schema.customerGroups.id, id), lte(schema.customerGroups.sourceUpdatedAt, when(ctx))));
  }
  return processed;
};

const handlePriceList: Handle = async (ctx) => {
  for (const id of ids(data(ctx.event))) {
    const list = await ctx.client.retrieve("price_lists", id);
    if (list) await upsertPriceLists(ctx.db, [mapPriceList(list)]);
  }
  return processed;
};

/*
 * Carts: Medusa v2 has no /admin/carts. The Kosha subscriber forwards the cart itself in
 * `data.cart` (read inside Medusa with query.graph), which is also the cart as it was at that
 * moment; without it Kosha asks the Store API (GET /store/carts/{id}, needs a publishable key).
 */
const handleCart: Handle = async (ctx) => {
  const d = data(ctx.event);
  let cart = null;
  if (d.cart !== undefined) {
    const parsed = cartSchema.safeParse(d.cart);
    if (!parsed.success)
      return ignored(`forwarded cart has an unexpected shape: ${parsed.error.issues[0]?.message}`);
    cart = parsed.data;
  } else if (typeof d.id === "string") {
    cart = await ctx.client.getCart(d.id);
    if (!cart) return ignored(`cart ${d.id} not found through the Store API`);
  }
  if (!cart) return ignored("no cart and no id in event data");
  await upsertCarts(ctx.db, [mapCart(cart)]);
  await changed(ctx, "cart", [cart.id]);
  return processed;
};

const HANDLERS: Record<string, Handle> = {
  "product.created": handleProduct,
  "product.updated": handleProduct,
  "product.deleted": handleProduct,
  "product-variant.created": handleVariant,
  "product-variant.updated": handleVariant,
  "product-variant.deleted": handleVariant,
  "inventory-level.created": handleStock("level"),
  "inventory-level.updated": handleStock("level"),
  "inventory-level.deleted": handleStock("level"),
  "reservation-item.created": handleStock("reservation"),
  "reservation-item.updated": handleStock("reservation"),
  "reservation-item.deleted": handleStock("reservation"),
  "customer.created": handleCustomer,
  "customer.updated": handleCustomer,
  "customer.deleted": handleCustomer,
  "customer-group.created": handleCustomerGroup,
  "customer-group.updated": handleCustomerGroup,
  "customer-group.deleted": handleCustomerGroup,
  "price-list.created": handlePriceList,
  "price-list.updated": handlePriceList,
  "cart.created": handleCart,
  "cart.updated": handleCart,
  "cart.customer_updated": handleCart,
  "cart.region_updated": handleCart,
};

/** The Medusa event names Kosha processes; the subscriber forwards exactly these. */
export const MEDUSA_EVENT_NAMES = [...Object.keys(ORDER_EVENTS), ...Object.keys(HANDLERS)];

/**
 * The inbox lookup for source "medusa": a handler per known event name, undefined otherwise
 * (the inbox then stores the event as ignored with the reason, replayable once handled).
 * `client` and `mirror` are called per event, so configuration changes apply without a restart;
 * `mirror` is told what each event wrote (default: the configured runner's, lib/mirror).
 */
export function medusaHandlers(
  client: () => MedusaClient,
  mirror: () => MirrorNotifier = () => mirrorNotifierFromEnv(),
): (name: string) => InboundHandler | undefined {
  return (name) => {
    if (Object.hasOwn(ORDER_EVENTS, name)) return inboundBatchHandler(orderBatch(client, mirror));
    const handle = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handle) return undefined;
    return ({ db, event, clock }) => handle({ db, event, clock, client: client(), mirror: mirror() });
  };
}
