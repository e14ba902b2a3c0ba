import { z } from "zod";
import { RESOURCES, type ResourceName, type ResourceRecord } from "./resources";
import { cartSchema, reservationSchema, type MedusaCart, type MedusaReservation } from "./schemas";
import type { MedusaRequest, MedusaResponse, MedusaTransport } from "./transport/types";

/** A non-2xx answer from Medusa, with its `{ type, message }` error body when it sent one. */
export class MedusaApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly type: string | undefined,
    message: string,
  ) {
    super(`Medusa ${path} answered ${status}${type ? ` (${type})` : ""}: ${message}`);
    this.name = "MedusaApiError";
  }
}

export interface ListOptions {
  limit: number;
  offset: number;
  /** Only records with updated_at ≥ this instant (`updated_at[$gte]`). */
  updatedSince?: Date;
  /** Medusa sort, e.g. "updated_at" (ascending) or "-created_at". */
  order?: string;
}

export interface MedusaClient {
  readonly mode: "live" | "sandbox";
  list<R extends ResourceName>(
    resource: R,
    opts: ListOptions,
  ): Promise<{ items: ResourceRecord<R>[]; count: number }>;
  /** One record by id, with the resource's fields; null when Medusa answers 404. */
  retrieve<R extends ResourceName>(resource: R, id: string): Promise<ResourceRecord<R> | null>;
  /** The product a variant belongs to (GET /admin/product-variants?id=…); null when unknown. */
  variantProductId(variantId: string): Promise<string | null>;
  getReservation(id: string): Promise<MedusaReservation | null>;
  /** A cart through the Store API (Medusa v2 has no /admin/carts); needs a publishable key live. */
  getCart(id: string): Promise<MedusaCart | null>;
  /** Raw request, for writes (customer groups) and anything the typed helpers do not cover. */
  send(req: MedusaRequest): Promise<MedusaResponse>;
}

export interface ClientOptions {
  /** Store API publishable key (`pk_…`), used only by getCart on a live Medusa. */
  publishableKey?: string;
}

function fail(res: MedusaResponse, path: string): never {
  const body = (res.body ?? {}) as { type?: string; message?: string };
  const message = typeof res.body === "string" ? res.body.slice(0, 200) : (body.message ?? "no message");
  throw new MedusaApiError(res.status, path, body.type, message);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    const id = (value as { id?: string })?.id;
    throw new Error(`Medusa ${what}${id ? ` ${id}` : ""} has an unexpected shape: ${where}`);
  }
  return parsed.data;
}

export function medusaClient(transport: MedusaTransport, opts: ClientOptions = {}): MedusaClient {
  return {
    mode: transport.mode,
    send: (req) => transport.send(req),

    async list(resource, { limit, offset, updatedSince, order }) {
      const def = RESOURCES[resource];
      const res = await transport.send({
        method: "GET",
        path: def.path,
        query: {
          fields: def.fields,
          limit,
          offset,
          order,
          "updated_at[$gte]": updatedSince?.toISOString(),
        },
      });
      if (res.status !== 200) fail(res, def.path);
      const body = res.body as Record<string, unknown>;
      const raw = body[def.listKey];
      if (!Array.isArray(raw)) throw new Error(`Medusa ${def.path} answered without "${def.listKey}"`);
      return {
        items: raw.map((r) => parse(def.schema, r, resource)) as ResourceRecord<typeof resource>[],
        count: Number(body.count ?? raw.length),
      };
    },

    async retrieve(resource, id) {
      const def = RESOURCES[resource];
      const path = `${def.path}/${encodeURIComponent(id)}`;
      const res = await transport.send({ method: "GET", path, query: { fields: def.fields } });
      if (res.status === 404) return null;
      if (res.status !== 200) fail(res, path);
      return parse(
        def.schema,
        (res.body as Record<string, unknown>)[def.itemKey],
        resource,
      ) as ResourceRecord<typeof resource>;
    },

    async variantProductId(variantId) {
      const path = "/admin/product-variants";
      const res = await transport.send({
        method: "GET",
        path,
        query: { id: variantId, fields: "id,product_id", limit: 1 },
      });
      if (res.status === 404) return null;
      if (res.status !== 200) fail(res, path);
      const rows = (res.body as { variants?: { id: string; product_id?: string }[] }).variants ?? [];
      return rows.find((v) => v.id === variantId)?.product_id ?? null;
    },

    async getReservation(id) {
      const path = `/admin/reservations/${encodeURIComponent(id)}`;
      const res = await transport.send({ method: "GET", path });
      if (res.status === 404) return null;
      if (res.status !== 200) fail(res, path);
      return parse(reservationSchema, (res.body as { reservation?: unknown }).reservation, "reservation");
    },

    async getCart(id) {
      const path = `/store/carts/${encodeURIComponent(id)}`;
      const res = await transport.send({
        method: "GET",
        path,
        query: { fields: "*items,*shipping_address,*billing_address,+completed_at" },
        headers: opts.publishableKey ? { "x-publishable-api-key": opts.publishableKey } : undefined,
      });
      if (res.status === 404) return null;
      if (res.status !== 200) fail(res, path);
      return parse(cartSchema, (res.body as { cart?: unknown }).cart, "cart");
    },
  };
}
