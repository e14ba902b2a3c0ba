import type { Db } from "@/db";
import { mirrorNotifierFromEnv, type MirrorKind, type MirrorNotifier } from "@/lib/mirror";
import { systemClock, type Clock } from "@/lib/time";
import type { MedusaClient } from "../client";
import { RESOURCE_NAMES, type ResourceName } from "../resources";
import { applyRecords } from "./apply";
import { cursorKey, DEFAULT_NAMESPACE, readCursor, writeCursor, type SyncCursor } from "./cursor";

export type SyncMode = "full" | "incremental";

export interface SyncProgress {
  resource: ResourceName;
  /** Records read in this run so far (including a resumed run's earlier pages). */
  done: number;
  /** Records Medusa reported for this run's window, when known. */
  total: number | null;
  finished: boolean;
}

export interface SyncOptions {
  mode: SyncMode;
  /** Defaults to every resource, in dependency order (channels, locations, catalog, stock, customers, orders, price lists). */
  resources?: ResourceName[];
  pageSize?: number;
  onProgress?: (p: SyncProgress) => void;
  clock?: Clock;
  /** app_settings key prefix; the inventory reconcile keeps its own so it never races the main sync. */
  cursorNamespace?: string;
  /**
   * Told what each page wrote (lib/mirror; default: the configured runner's). In "full" mode pages
   * are a bulk load (consent import only) followed by one full pass (rollups rebuilt, guard,
   * segments) at the end; targeted per page in "incremental" mode, where pages are few.
   */
  mirror?: MirrorNotifier;
}

/** The mirror change a synced page is; resources nothing downstream derives from map to none. */
const PAGE_KIND: Partial<Record<ResourceName, MirrorKind>> = {
  products: "product",
  inventory_items: "inventory",
  customers: "customer",
  orders: "order",
};
const ROLLUP_INPUTS: ResourceName[] = ["customers", "orders"];
const GUARD_INPUTS: ResourceName[] = ["products", "inventory_items", "orders"];
const SEGMENT_INPUTS: ResourceName[] = ["customers", "customer_groups", "orders"];

export interface ResourceSyncResult {
  resource: ResourceName;
  fetched: number;
  written: number;
  pages: number;
  resumed: boolean;
}

/**
 * Copies Medusa into the mirror. "full" reads everything from the beginning; "incremental" reads
 * what changed since the last run (by updated_at). Either mode resumes an unfinished run of the
 * same mode where it stopped, and re-running is harmless: the upserts are idempotent and never
 * let an older version overwrite a newer one.
 */
export async function syncMedusa(
  db: Db,
  client: MedusaClient,
  opts: SyncOptions,
): Promise<ResourceSyncResult[]> {
  const results: ResourceSyncResult[] = [];
  const resources = opts.resources ?? RESOURCE_NAMES;
  const mirror = opts.mirror ?? mirrorNotifierFromEnv();
  for (const resource of RESOURCE_NAMES.filter((r) => resources.includes(r))) {
    results.push(await syncResource(db, client, resource, { ...opts, mirror }));
  }
  if (opts.mode === "full") {
    const read = (names: ResourceName[]) => results.some((r) => names.includes(r.resource) && r.fetched > 0);
    await mirror.fullPass(
      db,
      { rollups: read(ROLLUP_INPUTS), guard: read(GUARD_INPUTS), segments: read(SEGMENT_INPUTS) },
      opts.clock ?? systemClock,
    );
  }
  return results;
}

async function syncResource(
  db: Db,
  client: MedusaClient,
  resource: ResourceName,
  opts: SyncOptions & { mirror: MirrorNotifier },
): Promise<ResourceSyncResult> {
  const clock = opts.clock ?? systemClock;
  const pageSize = opts.pageSize ?? 100;
  const key = cursorKey(opts.cursorNamespace ?? DEFAULT_NAMESPACE, resource);
  const stored = await readCursor(db, key);

  let cursor: SyncCursor;
  const resumed = stored?.inProgress === opts.mode;
  if (resumed) {
    cursor = stored!;
  } else if (opts.mode === "full" || !stored) {
    cursor = { since: null, skip: 0, inProgress: opts.mode, done: 0, total: null, finishedAt: null };
  } else {
    // Start where the last run ended, re-reading the records at exactly `since` (harmless: idempotent)
    // rather than trusting an offset across runs, which a same-millisecond update could shift.
    cursor = {
      since: stored.since,
      skip: 0,
      inProgress: "incremental",
      done: 0,
      total: null,
      finishedAt: null,
    };
  }
  await writeCursor(db, key, cursor);

  const result: ResourceSyncResult = { resource, fetched: 0, written: 0, pages: 0, resumed };
  for (;;) {
    const { items, count } = await client.list(resource, {
      limit: pageSize,
      offset: cursor.skip,
      updatedSince: cursor.since ? new Date(cursor.since) : undefined,
      order: "updated_at",
    });
    if (cursor.total === null) cursor.total = cursor.done + Math.max(0, count - cursor.skip);
    if (items.length > 0) {
      result.written += await applyRecords(db, resource, items);
      const kind = PAGE_KIND[resource];
      if (kind) {
        await opts.mirror.changed(db, { kind, ids: items.map((i) => i.id) }, clock, {
          bulk: opts.mode === "full",
        });
      }
      result.fetched += items.length;
      result.pages += 1;
      cursor = advance(cursor, items);
      cursor.done += items.length;
      cursor.total = Math.max(cursor.total ?? 0, cursor.done);
    }
    const finished = items.length < pageSize;
    if (finished) {
      cursor = { ...cursor, inProgress: null, finishedAt: clock.now().toISOString() };
    }
    await writeCursor(db, key, cursor);
    opts.onProgress?.({ resource, done: cursor.done, total: cursor.total, finished });
    if (finished) return result;
  }
}

/** Moves the keyset past a page read in updated_at order. */
function advance(cursor: SyncCursor, items: { updated_at: string | Date }[]): SyncCursor {
  const times = items.map((i) => new Date(i.updated_at).getTime());
  const newest = Math.max(...times);
  const atNewest = times.filter((t) => t === newest).length;
  const since = new Date(newest).toISOString();
  const sameSince = cursor.since !== null && new Date(cursor.since).getTime() === newest;
  return { ...cursor, since, skip: sameSince ? cursor.skip + atNewest : atNewest };
}
