import { RESOURCES, type ResourceName } from "../resources";
import { encodeQuery, type MedusaRequest, type MedusaResponse, type MedusaTransport } from "./types";

/*
 * The sandbox Medusa: an in-memory store answering the Admin API routes Kosha uses, with the live
 * API's shapes (`{ products, count, limit, offset }`, `{ type, message }` errors), and a log of
 * every call as the live API would have received it. Writes are applied to the store and logged,
 * never silently dropped. The demo, the tests and tests/support/fake-medusa.ts all run on it.
 */

export type SandboxCollection = ResourceName | "reservations" | "carts";
type Row = Record<string, unknown> & { id: string };

export interface SandboxCall {
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  /** Path and query string exactly as sent on the wire. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface InjectedFailure {
  pathPrefix?: string;
  status: number;
  remaining: number;
  /** Let this many matching calls through before failing. */
  skip: number;
}

export class SandboxStore {
  private readonly data = new Map<SandboxCollection, Map<string, Row>>();
  /** Rows sorted by (field, id) per collection, dropped on any write to the collection. */
  private readonly sortedCache = new Map<SandboxCollection, Map<string, readonly Row[]>>();
  private failures: InjectedFailure[] = [];
  readonly calls: SandboxCall[] = [];

  private coll(name: SandboxCollection): Map<string, Row> {
    let c = this.data.get(name);
    if (!c) this.data.set(name, (c = new Map()));
    return c;
  }

  put(name: SandboxCollection, rows: Row | Row[]): void {
    this.sortedCache.delete(name);
    for (const row of Array.isArray(rows) ? rows : [rows]) this.coll(name).set(row.id, structuredClone(row));
  }

  load(fixtures: Partial<Record<SandboxCollection, Row[]>>): void {
    for (const [name, rows] of Object.entries(fixtures)) this.put(name as SandboxCollection, rows ?? []);
  }

  remove(name: SandboxCollection, id: string): boolean {
    this.sortedCache.delete(name);
    return this.coll(name).delete(id);
  }

  get(name: SandboxCollection, id: string): Row | undefined {
    const row = this.coll(name).get(id);
    return row ? structuredClone(row) : undefined;
  }

  all(name: SandboxCollection): Row[] {
    return this.view(name).map((r) => structuredClone(r));
  }

  /**
   * The stored rows themselves, uncloned: for filtering and paging before cloning only the page
   * returned, so listing a 50k-row collection page by page stays linear. Callers must not mutate.
   */
  view(name: SandboxCollection): readonly Row[] {
    return [...this.coll(name).values()];
  }

  /** The stored rows with these ids (uncloned; callers must not mutate). */
  pick(name: SandboxCollection, ids: readonly string[]): readonly Row[] {
    const c = this.coll(name);
    return [...new Set(ids)].flatMap((id) => {
      const row = c.get(id);
      return row ? [row] : [];
    });
  }

  /** The stored rows ascending by a time field, ties by id (uncloned; callers must not mutate). */
  sortedBy(name: SandboxCollection, field: string): readonly Row[] {
    let byField = this.sortedCache.get(name);
    if (!byField) this.sortedCache.set(name, (byField = new Map()));
    let rows = byField.get(field);
    if (!rows) {
      rows = [...this.coll(name).values()].sort(byTimeThenId(field));
      byField.set(field, rows);
    }
    return rows;
  }

  clear(): void {
    this.sortedCache.clear();
    this.data.clear();
    this.calls.length = 0;
    this.failures = [];
  }

  /** Makes the next `times` matching calls (after `skip` successful ones) answer `status`, as a flaky Medusa would. */
  injectFailure(f: { pathPrefix?: string; status: number; times?: number; skip?: number }): void {
    this.failures.push({
      pathPrefix: f.pathPrefix,
      status: f.status,
      remaining: f.times ?? 1,
      skip: f.skip ?? 0,
    });
  }

  /** Consumes an injected failure for this path, if one is due. */
  takeFailure(path: string): number | undefined {
    for (const f of this.failures) {
      if (f.remaining <= 0 || (f.pathPrefix && !path.startsWith(f.pathPrefix))) continue;
      if (f.skip > 0) {
        f.skip--;
        continue;
      }
      f.remaining--;
      return f.status;
    }
    return undefined;
  }
}

const BY_PATH = new Map<string, ResourceName>(
  Object.entries(RESOURCES).map(([name, def]) => [def.path, name as ResourceName]),
);

const notFound = (message: string): MedusaResponse => ({ status: 404, body: { type: "not_found", message } });

function str(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length ? String(v[0]) : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

function list(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v : [v]).map(String);
}

function ms(v: unknown): number {
  return typeof v === "string" || v instanceof Date ? new Date(v).getTime() : 0;
}

// Parsed timestamps per stored row and field: stored rows are replaced, never mutated, so a row
// object's times never change and paging a large collection parses each date once, not per page.
const parsed = new Map<string, WeakMap<object, number>>();
function rowMs(row: Row, field: string): number {
  let byRow = parsed.get(field);
  if (!byRow) parsed.set(field, (byRow = new WeakMap()));
  let t = byRow.get(row);
  if (t === undefined) byRow.set(row, (t = ms(row[field])));
  return t;
}

/** Medusa's list order: a time field ascending, ties by id. */
function byTimeThenId(field: string) {
  return (a: Row, b: Row) => rowMs(a, field) - rowMs(b, field) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Filters (id, updated_at[$gt|$gte]), sorts (`order`, ties by id) and pages (limit/offset) like
 * Medusa. Works on the stored rows and clones only the page it returns.
 */
function page(rows: readonly Row[], query: Record<string, unknown>) {
  const ids = list(query.id);
  const gte = str(query["updated_at[$gte]"]);
  const gt = str(query["updated_at[$gt]"]);
  let out = [...rows];
  if (ids) out = out.filter((r) => ids.includes(r.id));
  if (gte) out = out.filter((r) => rowMs(r, "updated_at") >= new Date(gte).getTime());
  if (gt) out = out.filter((r) => rowMs(r, "updated_at") > new Date(gt).getTime());
  const order = str(query.order) ?? "created_at";
  const desc = order.startsWith("-");
  const field = desc ? order.slice(1) : order;
  const asc = byTimeThenId(field);
  out.sort(desc ? (a, b) => -asc(a, b) : asc);
  return pageOf(out, query);
}

/** The limit/offset page of rows already filtered and sorted, cloned, with Medusa's count. */
function pageOf(rows: readonly Row[], query: Record<string, unknown>) {
  const limit = Math.max(0, Number(str(query.limit) ?? 20));
  const offset = Math.max(0, Number(str(query.offset) ?? 0));
  const slice = rows.slice(offset, offset + limit).map((r) => structuredClone(r));
  return { rows: slice, count: rows.length, limit, offset };
}

/**
 * page() over a stored collection. The sync's own query (updated_at keyset, ascending, no id
 * filter) is answered from the cached sort by binary search, so paging through a 50k-row
 * collection costs a slice per page instead of a filter and sort of everything.
 */
function pageStored(store: SandboxStore, name: SandboxCollection, query: Record<string, unknown>) {
  const order = str(query.order) ?? "created_at";
  const gte = str(query["updated_at[$gte]"]);
  const gt = str(query["updated_at[$gt]"]);
  // Fetching given ids (the webhook processor's batch read): those rows, not a scan of them all.
  const ids = list(query.id);
  if (ids) return page(store.pick(name, ids), query);
  if (order !== "updated_at" || (gte && gt)) return page(store.view(name), query);
  const sorted = store.sortedBy(name, "updated_at");
  const bound = gte ?? gt;
  let from = 0;
  if (bound) {
    const t = new Date(bound).getTime();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = rowMs(sorted[mid]!, "updated_at");
      if (gte ? m < t : m <= t) lo = mid + 1;
      else hi = mid;
    }
    from = lo;
  }
  return pageOf(sorted.slice(from), query);
}

function applyGroupMembership(store: SandboxStore, groupId: string, customerId: string, add: boolean) {
  const customer = store.get("customers", customerId);
  if (!customer) return;
  const groups = ((customer.groups as { id: string }[] | undefined) ?? []).filter((g) => g.id !== groupId);
  if (add) groups.push({ id: groupId });
  store.put("customers", { ...customer, groups, updated_at: new Date().toISOString() });
}

/** Answers one request from the store, as Medusa would. Pure apart from the store. */
export function handleSandboxRequest(
  store: SandboxStore,
  req: { method: string; path: string; query?: Record<string, unknown>; body?: unknown },
): MedusaResponse {
  const query = req.query ?? {};
  const injected = store.takeFailure(req.path);
  if (injected) {
    return { status: injected, body: { type: "unexpected_state", message: "Injected sandbox failure" } };
  }
  const path = req.path.replace(/\/+$/, "");

  if (req.method === "GET") {
    const resource = BY_PATH.get(path);
    if (resource) {
      const p = pageStored(store, resource, query);
      return {
        status: 200,
        body: { [RESOURCES[resource].listKey]: p.rows, count: p.count, limit: p.limit, offset: p.offset },
      };
    }
    const one = /^(\/admin\/[a-z-]+)\/([^/]+)$/.exec(path);
    const oneResource = one ? BY_PATH.get(one[1]!) : undefined;
    if (one && oneResource) {
      const row = store.get(oneResource, decodeURIComponent(one[2]!));
      if (!row) return notFound(`${RESOURCES[oneResource].itemKey} with id: ${one[2]} was not found`);
      return { status: 200, body: { [RESOURCES[oneResource].itemKey]: row } };
    }
    if (path === "/admin/product-variants") {
      const variants = store
        .view("products")
        .flatMap((p) => ((p.variants as Row[] | undefined) ?? []).map((v) => ({ ...v, product_id: p.id })));
      const p = page(variants, query);
      return { status: 200, body: { variants: p.rows, count: p.count, limit: p.limit, offset: p.offset } };
    }
    const reservation = /^\/admin\/reservations\/([^/]+)$/.exec(path);
    if (reservation) {
      const row = store.get("reservations", decodeURIComponent(reservation[1]!));
      return row
        ? { status: 200, body: { reservation: row } }
        : notFound(`Reservation with id: ${reservation[1]} was not found`);
    }
    const cart = /^\/store\/carts\/([^/]+)$/.exec(path);
    if (cart) {
      const row = store.get("carts", decodeURIComponent(cart[1]!));
      return row ? { status: 200, body: { cart: row } } : notFound(`Cart id not found: ${cart[1]}`);
    }
  }

  if (req.method === "POST") {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (path === "/admin/customer-groups") {
      const now = new Date().toISOString();
      const group = {
        id: `cusgroup_${Math.random().toString(36).slice(2, 12)}`,
        name: String(body.name ?? ""),
        metadata: body.metadata ?? null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      store.put("customer_groups", group);
      return { status: 200, body: { customer_group: group } };
    }
    const members = /^\/admin\/customer-groups\/([^/]+)\/customers$/.exec(path);
    if (members) {
      const groupId = decodeURIComponent(members[1]!);
      const group = store.get("customer_groups", groupId);
      if (!group) return notFound(`Customer group with id: ${groupId} was not found`);
      for (const c of list(body.add) ?? []) applyGroupMembership(store, groupId, c, true);
      for (const c of list(body.remove) ?? []) applyGroupMembership(store, groupId, c, false);
      return { status: 200, body: { customer_group: group } };
    }
  }

  return notFound(`Route ${req.method} ${path} is not served by the Medusa sandbox`);
}

/** The sandbox transport: every call is logged on the store, then answered from it. */
export function sandboxTransport(store: SandboxStore): MedusaTransport {
  return {
    mode: "sandbox",
    async send(req: MedusaRequest): Promise<MedusaResponse> {
      const query = Object.fromEntries(Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined));
      store.calls.push({
        at: new Date().toISOString(),
        method: req.method,
        path: req.path,
        query,
        url: `${req.path}${encodeQuery(req.query)}`,
        ...(req.body !== undefined ? { body: structuredClone(req.body) } : {}),
        ...(req.headers ? { headers: req.headers } : {}),
      });
      // Answer a JSON copy, as the wire would: callers cannot mutate the store through it.
      const res = handleSandboxRequest(store, { ...req, query });
      return { status: res.status, body: JSON.parse(JSON.stringify(res.body)) };
    },
  };
}
