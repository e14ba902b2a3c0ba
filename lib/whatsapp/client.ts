import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { errorFromResponse, NETWORK_ERROR_CODE, WhatsAppApiError } from "./errors";
import type { OutboundMessage } from "./messages";
import type { GraphRequest, GraphResponse, WhatsAppTransport } from "./transport/types";

/*
 * The Graph API calls Kosha makes, over whichever transport it is given (live or sandbox): send a
 * message, list/create/sync templates, push catalog item batches. Every non-2xx answer becomes a
 * WhatsAppApiError carrying the classification the outbox acts on.
 */

export interface WhatsAppClientOptions {
  transport: WhatsAppTransport;
  phoneNumberId: string;
  wabaId?: string;
}

export interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown[];
  rejected_reason?: string;
}

export interface TemplateInput {
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  components: Record<string, unknown>[];
}

export interface CatalogBatchRequest {
  method: "CREATE" | "UPDATE" | "DELETE";
  data: { id: string } & Record<string, unknown>;
}

/** Meta takes at most this many items per items_batch call. */
export const CATALOG_BATCH_MAX = 5000;

const sendResponseSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const templateListSchema = z.object({
  data: z.array(
    z
      .object({
        id: z.string(),
        name: z.string(),
        language: z.string(),
        category: z.string(),
        status: z.string(),
        components: z.array(z.unknown()).default([]),
        rejected_reason: z.string().optional(),
      })
      .loose(),
  ),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});
const templateCreatedSchema = z.object({
  id: z.string(),
  status: z.string(),
  category: z.string().optional(),
});
const itemsBatchResponseSchema = z.object({ handles: z.array(z.string()).min(1) });

async function call(transport: WhatsAppTransport, req: GraphRequest): Promise<GraphResponse> {
  let res: GraphResponse;
  try {
    res = await transport.request(req);
  } catch (e) {
    if (e instanceof WhatsAppApiError) throw e;
    throw new WhatsAppApiError({
      code: NETWORK_ERROR_CODE,
      httpStatus: 0,
      title: "network error",
      details: (e as Error)?.message,
      cause: e,
    });
  }
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res.status, res.body);
  return res;
}

function parseAnswer<T>(schema: z.ZodType<T>, res: GraphResponse, what: string): T {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) {
    // A 2xx Kosha cannot read: Meta changed shape or a proxy answered. Retryable, and visible.
    throw new WhatsAppApiError({ code: 1, httpStatus: res.status, title: `unexpected ${what} answer` });
  }
  return parsed.data;
}

export interface WhatsAppClient {
  readonly mode: "live" | "sandbox";
  sendMessage(to: string, message: OutboundMessage): Promise<{ wamid: string }>;
  listTemplates(): Promise<GraphTemplate[]>;
  createTemplate(input: TemplateInput): Promise<{ id: string; status: string }>;
  /** Upserts every template Meta lists into wa_templates (status, components, rejection reason). */
  syncTemplates(db: Db): Promise<{ synced: number }>;
  /** One items_batch call (≤ 5000 requests); returns the handle to poll. */
  catalogItemsBatch(catalogId: string, requests: CatalogBatchRequest[]): Promise<{ handle: string }>;
  /** Status of an items_batch handle (Meta's `data[0]`). */
  catalogBatchStatus(catalogId: string, handle: string): Promise<Record<string, unknown> | undefined>;
}

export function createWhatsAppClient(opts: WhatsAppClientOptions): WhatsAppClient {
  const { transport, phoneNumberId } = opts;
  const waba = () => {
    if (!opts.wabaId) throw new Error("WHATSAPP_WABA_ID is needed for template calls");
    return opts.wabaId;
  };
  const client: WhatsAppClient = {
    mode: transport.mode,

    async sendMessage(to, message) {
      const res = await call(transport, {
        method: "POST",
        path: `/${phoneNumberId}/messages`,
        body: { messaging_product: "whatsapp", recipient_type: "individual", to, ...message },
      });
      return { wamid: parseAnswer(sendResponseSchema, res, "send").messages[0]!.id };
    },

    async listTemplates() {
      const out: GraphTemplate[] = [];
      let after: string | undefined;
      // Meta pages template lists; follow the cursor while it offers a next page.
      for (let page = 0; page < 50; page++) {
        const res = await call(transport, {
          method: "GET",
          path: `/${waba()}/message_templates`,
          query: { limit: 100, after },
        });
        const body = parseAnswer(templateListSchema, res, "template list");
        out.push(...(body.data as GraphTemplate[]));
        after = body.paging?.next ? body.paging.cursors?.after : undefined;
        if (!after) break;
      }
      return out;
    },

    async createTemplate(input) {
      const res = await call(transport, {
        method: "POST",
        path: `/${waba()}/message_templates`,
        body: input,
      });
      const body = parseAnswer(templateCreatedSchema, res, "template create");
      return { id: body.id, status: body.status };
    },

    async syncTemplates(db) {
      const templates = await client.listTemplates();
      if (templates.length === 0) return { synced: 0 };
      const json = JSON.stringify(
        templates.map((t) => ({
          name: t.name,
          language: t.language,
          category: t.category,
          status: t.status,
          external_id: t.id,
          components: t.components ?? [],
          problem: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
        })),
      );
      // Meta is the truth for status; a send-time problem (132xxx) stays until Meta's status changes.
      await db.execute(
        sql`insert into wa_templates as w (name, language, category, status, external_id, components, problem, updated_at)
            select r.name, r.language, r.category, r.status, r.external_id, r.components, r.problem, now()
            from jsonb_to_recordset(${json}::jsonb)
              as r(name text, language text, category text, status text, external_id text, components jsonb, problem text)
            on conflict (name, language) do update set
              category = excluded.category,
              external_id = excluded.external_id,
              components = excluded.components,
              problem = case when w.status is distinct from excluded.status then excluded.problem
                             else coalesce(excluded.problem, w.problem) end,
              status = excluded.status,
              updated_at = excluded.updated_at`,
      );
      return { synced: templates.length };
    },

    async catalogItemsBatch(catalogId, requests) {
      if (requests.length === 0) throw new Error("catalogItemsBatch needs at least one request");
      if (requests.length > CATALOG_BATCH_MAX) {
        throw new Error(
          `catalogItemsBatch takes at most ${CATALOG_BATCH_MAX} requests (got ${requests.length})`,
        );
      }
      const res = await call(transport, {
        method: "POST",
        path: `/${catalogId}/items_batch`,
        body: { item_type: "PRODUCT_ITEM", requests },
      });
      return { handle: parseAnswer(itemsBatchResponseSchema, res, "items_batch").handles[0]! };
    },

    async catalogBatchStatus(catalogId, handle) {
      const res = await call(transport, {
        method: "GET",
        path: `/${catalogId}/check_batch_request_status`,
        query: { handle },
      });
      const data = (res.body as { data?: Record<string, unknown>[] } | null)?.data;
      return data?.[0];
    },
  };
  return client;
}
