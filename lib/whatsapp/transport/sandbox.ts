import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { systemClock, type Clock } from "@/lib/time";
import { outboundMessageSchema } from "../messages";
import type { GraphRequest, GraphResponse, WhatsAppTransport } from "./types";

/*
 * The Graph API as Kosha would meet it, without credentials: every request is validated the way
 * Meta validates it (the message schemas, the envelope, template and catalog batch shapes),
 * answered in Meta's success or error shape, and recorded with its answer in
 * channel_sandbox_requests so the owner sees exactly what would have gone out.
 *
 * Recording is batched: requests are answered at once and written in groups (a broadcast sends
 * thousands a second, one insert per message would be the bottleneck). flush() waits for
 * everything answered so far to be written; the dispatcher calls it at the end of each batch.
 */

const envelopeSchema = z.object({
  messaging_product: z.literal("whatsapp"),
  recipient_type: z.literal("individual").optional(),
  to: z.string().regex(/^\+?[0-9]{8,15}$/, "to must be a phone number with country code"),
  type: z.string(),
});

const templateCreateSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, "name may only contain lower-case letters, digits and _"),
  language: z.string().min(2).max(15),
  category: z.enum(["MARKETING", "UTILITY", "AUTHENTICATION"]),
  components: z.array(z.record(z.string(), z.unknown())).min(1),
});

const itemsBatchSchema = z.object({
  item_type: z.literal("PRODUCT_ITEM").optional(),
  requests: z
    .array(
      z.object({
        method: z.enum(["CREATE", "UPDATE", "DELETE"]),
        data: z.object({ id: z.string().min(1) }).loose(),
      }),
    )
    .min(1)
    .max(5000, "at most 5000 items per batch"),
});

export interface SandboxRecord {
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
  at: Date;
}

export interface SandboxTransportOptions {
  clock?: Clock;
  /** Scripted answers for demos and tests (e.g. 131026 for one phone); undefined falls through. */
  respond?: (req: GraphRequest) => GraphResponse | undefined;
  /** Rows per insert, and how long an incomplete group may wait before it is written. */
  batchSize?: number;
  flushAfterMs?: number;
}

export interface SandboxTransport extends WhatsAppTransport {
  readonly mode: "sandbox";
  /** Resolves once every request answered so far is recorded. */
  flush(): Promise<void>;
}

const fbtrace = () => `Sandbox${randomBytes(6).toString("hex")}`;

/** Meta's error shape, HTTP 400 unless said otherwise. */
export function graphError(
  code: number,
  message: string,
  details?: string,
  status = 400,
  type = "OAuthException",
): GraphResponse {
  return {
    status,
    body: {
      error: {
        message,
        type,
        code,
        ...(details ? { error_data: { messaging_product: "whatsapp", details } } : {}),
        fbtrace_id: fbtrace(),
      },
    },
  };
}

const issuesText = (e: z.ZodError) =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");

let wamidSeq = 0;
const sandboxWamid = () =>
  `wamid.sandbox.${Date.now().toString(36)}${(wamidSeq++ % 1_000_000).toString(36).padStart(4, "0")}${randomBytes(4).toString("hex")}`;

function answerMessage(body: unknown): GraphResponse {
  const env = envelopeSchema.safeParse(body);
  if (!env.success) return graphError(100, "(#100) Invalid parameter", issuesText(env.error));
  const { messaging_product: _p, recipient_type: _r, to: _t, ...message } = body as Record<string, unknown>;
  const parsed = outboundMessageSchema.safeParse(message);
  if (!parsed.success) return graphError(100, "(#100) Invalid parameter", issuesText(parsed.error));
  const to = env.data.to.replace(/^\+/, "");
  return {
    status: 200,
    body: {
      messaging_product: "whatsapp",
      contacts: [{ input: env.data.to, wa_id: to }],
      messages: [{ id: sandboxWamid() }],
    },
  };
}

/** Templates the sandbox "has": what Kosha already knows plus the ones created through it. */
async function answerTemplateList(db: Db): Promise<GraphResponse> {
  const known = await queryRows<{
    name: string;
    language: string;
    category: string;
    status: string;
    external_id: string | null;
    components: unknown;
  }>(
    db,
    sql`select name, language, category, status, external_id, components from wa_templates order by name, language`,
  );
  const created = await queryRows<{
    body: { name: string; language: string; category: string; components: unknown };
    response: { id: string };
  }>(
    db,
    sql`select body, response from channel_sandbox_requests
        where channel = 'whatsapp' and method = 'POST' and path like '%/message_templates' and status = 200
        order by id`,
  );
  const data = new Map<string, Record<string, unknown>>();
  for (const t of known) {
    data.set(`${t.name}:${t.language}`, {
      id: t.external_id ?? `sandbox-tpl-${t.name}-${t.language}`,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      components: t.components,
    });
  }
  // The sandbox approves what it is given: there is no reviewer to wait for.
  for (const c of created) {
    data.set(`${c.body.name}:${c.body.language}`, {
      id: c.response.id,
      name: c.body.name,
      language: c.body.language,
      category: c.body.category,
      status: "APPROVED",
      components: c.body.components,
    });
  }
  return { status: 200, body: { data: [...data.values()], paging: { cursors: {} } } };
}

function answerTemplateCreate(body: unknown): GraphResponse {
  const parsed = templateCreateSchema.safeParse(body);
  if (!parsed.success) return graphError(100, "(#100) Invalid parameter", issuesText(parsed.error));
  return {
    status: 200,
    body: {
      id: `sandbox-tpl-${randomBytes(6).toString("hex")}`,
      status: "PENDING",
      category: parsed.data.category,
    },
  };
}

function answerItemsBatch(body: unknown): GraphResponse {
  const parsed = itemsBatchSchema.safeParse(body);
  if (!parsed.success) return graphError(100, "(#100) Invalid parameter", issuesText(parsed.error));
  return { status: 200, body: { handles: [`sandbox-batch-${randomBytes(8).toString("hex")}`] } };
}

export function createSandboxTransport(db: Db, opts: SandboxTransportOptions = {}): SandboxTransport {
  const clock = opts.clock ?? systemClock;
  const batchSize = opts.batchSize ?? 1000;
  const flushAfterMs = opts.flushAfterMs ?? 25;
  let buffer: SandboxRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Writes are chained so records land in the order they were answered.
  let writing: Promise<void> = Promise.resolve();

  const write = (rows: SandboxRecord[]) => {
    const json = JSON.stringify(
      rows.map((r) => ({
        method: r.method,
        path: r.path,
        body: r.body ?? null,
        status: r.status,
        response: r.response ?? null,
        at: r.at.toISOString(),
      })),
    );
    writing = writing
      .then(() =>
        db.execute(
          sql`insert into channel_sandbox_requests (channel, method, path, body, status, response, at)
              select 'whatsapp', r.method, r.path, r.body, r.status, r.response, r.at
              from json_to_recordset(${json}::json)
                as r(method text, path text, body jsonb, status int, response jsonb, at timestamptz)`,
        ),
      )
      .then(
        () => undefined,
        (e) => {
          console.error(
            JSON.stringify({
              level: "error",
              msg: "sandbox requests not recorded",
              rows: rows.length,
              error: String(e),
            }),
          );
        },
      );
    return writing;
  };

  const drain = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return writing;
    const rows = buffer;
    buffer = [];
    return write(rows);
  };

  const record = (r: SandboxRecord) => {
    buffer.push(r);
    if (buffer.length >= batchSize) void drain();
    else if (!timer) {
      timer = setTimeout(() => void drain(), flushAfterMs);
      timer.unref?.();
    }
  };

  const answer = async (req: GraphRequest): Promise<GraphResponse> => {
    const scripted = opts.respond?.(req);
    if (scripted) return scripted;
    const path = req.path.split("?")[0]!;
    if (req.method === "POST" && /^\/[^/]+\/messages$/.test(path)) return answerMessage(req.body);
    if (/^\/[^/]+\/message_templates$/.test(path)) {
      if (req.method === "GET") {
        // Templates created a moment ago must be listed: write them before reading them back.
        await drain();
        return answerTemplateList(db);
      }
      if (req.method === "POST") return answerTemplateCreate(req.body);
    }
    if (req.method === "POST" && /^\/[^/]+\/items_batch$/.test(path)) return answerItemsBatch(req.body);
    if (req.method === "GET" && /^\/[^/]+\/check_batch_request_status$/.test(path)) {
      return {
        status: 200,
        body: {
          data: [
            {
              handle: req.query?.handle,
              status: "finished",
              errors_total_count: 0,
              errors: [],
              warnings: [],
            },
          ],
        },
      };
    }
    return graphError(100, `(#100) Unsupported ${req.method} request to ${path} in the sandbox`);
  };

  return {
    mode: "sandbox",
    async request(req) {
      const res = await answer(req);
      const query = Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined);
      const path = query.length
        ? `${req.path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}`
        : req.path;
      record({
        method: req.method,
        path,
        body: req.body,
        status: res.status,
        response: res.body,
        at: clock.now(),
      });
      return res;
    },
    flush: () => drain(),
  };
}
