import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { checkSkus, readGuardSettings } from "@/lib/guard";
import type { Clock } from "@/lib/time";
import { CATALOG_BATCH_MAX, type CatalogBatchRequest, type WhatsAppClient } from "../client";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";

/*
 * The Meta catalog (what product messages and the WhatsApp shop show) kept in step with the
 * mirror and the guard. Every listed variant with a SKU is an item (retailer id = SKU); its
 * availability is the guard's live verdict — a SKU the guard blocks (out of stock, low stock,
 * dead, low margin, unlisted) is "out of stock" there, so nobody is sold what we would not
 * promote. Only items whose pushed fields changed go out (wa_catalog_items.pushed_hash), in
 * items_batch calls of at most 5000. Called for one SKU on the guard's blocked/unblocked events,
 * and for everything on a schedule (prices and titles move without guard events).
 */

export interface CatalogSyncDeps {
  clock: Clock;
  client: Pick<WhatsAppClient, "catalogItemsBatch">;
  settings?: WhatsAppSettings;
  /** Requests per items_batch call (Meta's maximum unless a test wants smaller batches). */
  batchSize?: number;
}

export interface CatalogSyncResult {
  skipped?: string;
  considered: number;
  unchanged: number;
  pushed: number;
  outOfStock: number;
  batches: { handle: string | null; items: number; error?: string }[];
}

/** A catalog item as Meta takes it in items_batch `data`. */
export interface CatalogItemData {
  id: string;
  title: string;
  description: string;
  availability: "in stock" | "out of stock";
  condition: "new";
  price: string;
  link: string;
  image_link?: string;
  item_group_id: string;
  [key: string]: unknown;
}

/** "1499.50 INR" from paise (Meta's price text; integer arithmetic, no float rounding). */
export function catalogPrice(paise: number): string {
  return `${Math.trunc(paise / 100)}.${String(Math.abs(paise % 100)).padStart(2, "0")} INR`;
}

export const catalogHash = (data: CatalogItemData) =>
  createHash("sha256").update(JSON.stringify(data)).digest("hex");

/**
 * Which of these SKUs the catalog shows as purchasable: the guard's live check (the catalog is a
 * promote path; registered in promote-paths.ts).
 */
export async function catalogInStock(
  db: Db,
  skus: readonly string[],
  ctx: { clock: Clock },
): Promise<string[]> {
  const settings = await readGuardSettings(db);
  const inStock: string[] = [];
  for (let i = 0; i < skus.length; i += 1000) {
    const verdicts = await checkSkus(db, skus.slice(i, i + 1000), { clock: ctx.clock, settings });
    for (const sku of skus.slice(i, i + 1000)) if (verdicts.get(sku)?.promotable) inStock.push(sku);
  }
  return inStock;
}

type Candidate = {
  sku: string;
  variant_id: string;
  variant_title: string;
  price_paise: number | string;
  product_id: string;
  title: string;
  handle: string;
  thumbnail: string | null;
  pushed_hash: string | null;
  known: boolean;
};

export async function catalogSync(
  db: Db,
  deps: CatalogSyncDeps,
  opts: { skus?: readonly string[] } = {},
): Promise<CatalogSyncResult> {
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const result: CatalogSyncResult = { considered: 0, unchanged: 0, pushed: 0, outOfStock: 0, batches: [] };
  if (!settings.flows.catalogSync.enabled) return { ...result, skipped: "catalog sync is switched off" };
  if (opts.skus && opts.skus.length === 0) return result;

  const only = opts.skus
    ? sql`and v.sku = any(array(select jsonb_array_elements_text(${JSON.stringify(opts.skus)}::jsonb)))`
    : sql``;
  // Listed variants, plus any the catalog already holds (now unlisted: they must go out of stock).
  const candidates = await queryRows<Candidate>(
    db,
    sql`select v.sku, v.id as variant_id, v.title as variant_title, v.price_paise, p.id as product_id, p.title,
               p.handle, p.thumbnail, ci.pushed_hash, (ci.pushed_at is not null) as known
        from variants v join products p on p.id = v.product_id
        left join wa_catalog_items ci on ci.retailer_id = v.sku
        where v.sku is not null
          and ((p.status = 'published' and p.deleted_at is null and v.deleted_at is null) or ci.retailer_id is not null)
          ${only}
        order by v.sku`,
  );
  result.considered = candidates.length;
  const inStock = new Set(
    await catalogInStock(
      db,
      candidates.map((c) => c.sku),
      deps,
    ),
  );

  const due: { c: Candidate; data: CatalogItemData; hash: string }[] = [];
  for (const c of candidates) {
    const data = itemData(c, inStock.has(c.sku), settings.storefrontUrl);
    if (data.availability === "out of stock") result.outOfStock += 1;
    const hash = catalogHash(data);
    if (hash === c.pushed_hash) result.unchanged += 1;
    else due.push({ c, data, hash });
  }

  const size = Math.min(deps.batchSize ?? CATALOG_BATCH_MAX, CATALOG_BATCH_MAX);
  for (let i = 0; i < due.length; i += size) {
    const batch = due.slice(i, i + size);
    const requests: CatalogBatchRequest[] = batch.map((b) => ({
      method: b.c.known ? "UPDATE" : "CREATE",
      data: b.data,
    }));
    try {
      const { handle } = await deps.client.catalogItemsBatch(settings.catalogId, requests);
      await saveItems(db, batch, { handle, error: null, at: deps.clock.now() });
      result.batches.push({ handle, items: batch.length });
      result.pushed += batch.length;
    } catch (e) {
      // Kept for the owner and retried next time (the hash is not advanced).
      const error = e instanceof Error ? e.message : String(e);
      await saveItems(db, batch, { handle: null, error, at: deps.clock.now() });
      result.batches.push({ handle: null, items: batch.length, error });
    }
  }
  return result;
}

function itemData(c: Candidate, inStock: boolean, storefrontUrl: string): CatalogItemData {
  const variant = c.variant_title && c.variant_title !== c.title && !/^default/i.test(c.variant_title);
  const title = variant ? `${c.title} (${c.variant_title})` : c.title;
  const data: CatalogItemData = {
    id: c.sku,
    title: title.slice(0, 200),
    description: title,
    availability: inStock ? "in stock" : "out of stock",
    condition: "new",
    price: catalogPrice(Number(c.price_paise)),
    link: new URL(`/products/${encodeURIComponent(c.handle)}`, storefrontUrl).toString(),
    item_group_id: c.product_id,
  };
  if (c.thumbnail) data.image_link = c.thumbnail;
  return data;
}

async function saveItems(
  db: Db,
  batch: { c: Candidate; data: CatalogItemData; hash: string }[],
  outcome: { handle: string | null; error: string | null; at: Date },
) {
  const ok = outcome.error === null;
  const json = JSON.stringify(
    batch.map((b) => ({
      retailer_id: b.c.sku,
      variant_id: b.c.variant_id,
      title: b.data.title,
      availability: b.data.availability,
      price_paise: Number(b.c.price_paise),
      pushed_hash: ok ? b.hash : null,
    })),
  );
  const at = outcome.at.toISOString();
  // On failure only the error is recorded: the row keeps describing what Meta actually holds.
  await db.execute(
    sql`insert into wa_catalog_items as w (retailer_id, variant_id, title, availability, price_paise, pushed_hash,
                                            pushed_at, last_batch_handle, last_error, updated_at)
        select r.retailer_id, r.variant_id, r.title, r.availability, r.price_paise, r.pushed_hash,
               ${ok ? at : null}::timestamptz, ${outcome.handle}, ${outcome.error}, ${at}::timestamptz
        from jsonb_to_recordset(${json}::jsonb)
          as r(retailer_id text, variant_id text, title text, availability text, price_paise bigint, pushed_hash text)
        on conflict (retailer_id) do update set
          variant_id = case when ${ok}::boolean then excluded.variant_id else w.variant_id end,
          title = case when ${ok}::boolean then excluded.title else w.title end,
          availability = case when ${ok}::boolean then excluded.availability else w.availability end,
          price_paise = case when ${ok}::boolean then excluded.price_paise else w.price_paise end,
          pushed_hash = case when ${ok}::boolean then excluded.pushed_hash else w.pushed_hash end,
          pushed_at = coalesce(excluded.pushed_at, w.pushed_at),
          last_batch_handle = coalesce(excluded.last_batch_handle, w.last_batch_handle),
          last_error = excluded.last_error,
          updated_at = excluded.updated_at`,
  );
}
