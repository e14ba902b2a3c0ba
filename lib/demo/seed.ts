import { sql } from "drizzle-orm";
import { queryRows, schema, type Db } from "@/db";
import {
  upsertCarts,
  upsertCustomerGroups,
  upsertCustomers,
  upsertInventoryItems,
  upsertInventoryLevels,
  upsertOrders,
  upsertPriceLists,
  upsertProducts,
  upsertSalesChannels,
  upsertStockLocations,
  upsertVariants,
} from "@/lib/commerce";
import {
  addDays,
  istDay,
  istDayStart,
  isIstDay,
  systemClock,
  daysInclusive,
  type Clock,
  type IstDay,
} from "@/lib/time";
import { upsertAdSpend, upsertReferralCodes, upsertWebSessions } from "@/lib/traffic";
import { generateActivity, WHOLESALE_GROUP_ID, WHOLESALE_PRICE_SHARE, type ActivityBatch } from "./activity";
import { buildCatalog } from "./catalog";
import { demoSessionEvents, referralCodeSet, upsertDemoSessionEvents } from "./traffic";

export interface SeedDemoOptions {
  /** Orders to generate (default 50,000). */
  orders?: number;
  /** Seed of the generator (default 42). */
  seed?: number;
  /** Last day of activity, IST (default: today in Asia/Kolkata by `clock`). */
  end?: IstDay;
  /** Orders per write batch (default 5,000); does not change the data. */
  batchOrders?: number;
  clock?: Clock;
  onProgress?: (p: SeedProgress) => void;
}

export interface SeedProgress {
  phase: "catalog" | "activity" | "done";
  ordersWritten: number;
  ordersTotal: number;
  elapsedMs: number;
}

export interface SeedDemoResult {
  orders: number;
  seed: number;
  firstDay: IstDay;
  end: IstDay;
  elapsedMs: number;
  /** Rows per table after the seed. */
  counts: Record<string, number>;
}

/** The demo covers 24 months ending on `end`, both days inclusive. */
export function demoWindow(end: IstDay): { firstDay: IstDay; end: IstDay; days: number } {
  if (!isIstDay(end)) throw new RangeError(`end "${end}" is not a calendar day (YYYY-MM-DD)`);
  const [y, m, d] = end.split("-");
  const twoYearsBefore = `${Number(y) - 2}-${m}-${m === "02" && d === "29" ? "28" : d}`;
  const firstDay = addDays(twoYearsBefore, 1);
  return { firstDay, end, days: daysInclusive(firstDay, end) };
}

export async function storeHasOrders(db: Db): Promise<boolean> {
  const rows = await queryRows<{ x: number }>(db, sql`select 1 as x from ${schema.orders} limit 1`);
  return rows.length > 0;
}

const countedTables = [
  "products",
  "variants",
  "inventory_items",
  "inventory_levels",
  "customers",
  "customer_group_members",
  "orders",
  "order_items",
  "carts",
  "cart_items",
  "web_sessions",
  "referral_codes",
  "ad_spend",
] as const;

export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const selects = countedTables.map((t) => `(select count(*) from "${t}") as "${t}"`).join(", ");
  const [row] = await queryRows<Record<string, string | number>>(db, sql.raw(`select ${selects}`));
  return Object.fromEntries(countedTables.map((t) => [t, Number(row?.[t] ?? 0)]));
}

/**
 * Fills a store with a deterministic demo of a Jaipur handloom brand: the same (orders, seed,
 * end) always yields the same rows. Everything is written through the same upserts the Medusa
 * sync uses, so the demo exercises the real write path.
 */
export async function seedDemo(db: Db, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now();
  const orders = opts.orders ?? 50_000;
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(orders) || orders < 1) throw new RangeError(`orders must be a positive integer`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer`);
  const { firstDay, end, days } = demoWindow(opts.end ?? istDay((opts.clock ?? systemClock).now()));
  const firstStart = istDayStart(firstDay);
  const progress = (phase: SeedProgress["phase"], ordersWritten: number) =>
    opts.onProgress?.({ phase, ordersWritten, ordersTotal: orders, elapsedMs: performance.now() - started });

  progress("catalog", 0);
  const catalog = buildCatalog(seed, firstStart);
  const origin = new Date(firstStart.getTime() - 420 * 86_400_000);
  const referralCodes = referralCodeSet(seed, firstStart, days);
  await upsertSalesChannels(db, catalog.salesChannels);
  await upsertStockLocations(db, catalog.stockLocations);
  await upsertProducts(db, catalog.products);
  await upsertInventoryItems(db, catalog.inventoryItems);
  await upsertVariants(db, catalog.variants);
  await upsertInventoryLevels(db, catalog.inventoryLevels);
  await upsertCustomerGroups(db, [
    { id: WHOLESALE_GROUP_ID, name: "Wholesale", createdAt: origin, sourceUpdatedAt: origin },
  ]);
  await upsertPriceLists(db, [
    {
      id: "plist_01HZKOSHAWHOLESALE0000000",
      title: "Wholesale",
      type: "override",
      status: "active",
      customerGroupIds: [WHOLESALE_GROUP_ID],
      sourceUpdatedAt: origin,
      prices: catalog.sellable.map((v, i) => ({
        id: `price_01HZKOSHAWHOLESALE${String(i).padStart(7, "0")}`,
        variantId: v.id,
        amountPaise: Math.round((v.pricePaise * WHOLESALE_PRICE_SHARE) / 100) * 100,
        currencyCode: "inr",
      })),
    },
  ]);
  await upsertReferralCodes(db, referralCodes);

  const lastMs = istDayStart(addDays(end, 1)).getTime() - 1;
  let written = 0;
  const write = async (b: ActivityBatch) => {
    // The tables have no foreign keys, so every part of a batch can be written at once: on
    // Postgres the pool spreads them over connections (and cores); PGlite runs them in turn.
    await Promise.all([
      upsertCustomers(db, b.customers),
      ...slices(b.carts, 5_000).map((part) => upsertCarts(db, part)),
      ...slices(b.orders, 2_500).map((part) => upsertOrders(db, part)),
      ...slices(b.sessions, 10_000).map((part) => upsertWebSessions(db, part)),
      ...slices(demoSessionEvents(b, catalog, lastMs), 10_000).map((part) =>
        upsertDemoSessionEvents(db, part),
      ),
      upsertAdSpend(db, b.adSpend),
    ]);
    written = Math.max(written, b.ordersSoFar);
    progress("activity", written);
  };
  // Generate the next batch while earlier ones are being written (at most two in flight).
  const inFlight: Promise<void>[] = [];
  for (const batch of generateActivity({
    seed,
    orders,
    firstDay,
    lastDay: end,
    catalog,
    referralCodes,
    batchOrders: opts.batchOrders,
  })) {
    if (inFlight.length >= 2) await inFlight.shift();
    inFlight.push(write(batch));
  }
  await Promise.all(inFlight);

  const counts = await tableCounts(db);
  const elapsedMs = performance.now() - started;
  await db
    .insert(schema.appSettings)
    .values({
      key: "demo.seed",
      value: {
        orders,
        seed,
        firstDay,
        end,
        seededAt: new Date().toISOString(),
        elapsedMs: Math.round(elapsedMs),
        counts,
      },
    })
    .onConflictDoUpdate({
      target: schema.appSettings.key,
      set: { value: sql`excluded.value`, updatedAt: sql`now()` },
    });
  progress("done", orders);
  return { orders, seed, firstDay, end, elapsedMs, counts };
}

function slices<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
