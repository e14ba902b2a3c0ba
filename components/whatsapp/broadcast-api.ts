import { z } from "zod";

/*
 * The broadcast routes the composer talks to (app/api/v1/whatsapp/broadcasts/**, built beside
 * lib/whatsapp/broadcast). Responses are parsed loosely here, in one place, so the composer
 * depends only on the fields it shows.
 */
export interface BroadcastDraft {
  name: string;
  segmentKey: string;
  templateName: string;
  language: string;
  params: string[];
  skus: string[];
}

const num = z.coerce.number();

export const previewSchema = z
  .object({
    recipients: num,
    estimatedCostPaise: num,
    estimatedSeconds: num,
  })
  .loose();
export type BroadcastPreview = z.infer<typeof previewSchema>;

export const broadcastSchema = z
  .object({
    id: num,
    status: z.string(),
    recipients: num,
    queued: num.default(0),
    sent: num.default(0),
    failed: num.default(0),
    skipped: num.default(0),
  })
  .loose();
export type BroadcastProgress = z.infer<typeof broadcastSchema>;

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`/api/v1/whatsapp/broadcasts${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
  return json;
}

/** Some routes wrap the record ({ broadcast: … } / { preview: … }); take either. */
const unwrap = (json: unknown, key: string) =>
  json && typeof json === "object" && key in json ? (json as Record<string, unknown>)[key] : json;

export const broadcastApi = {
  preview: async (d: BroadcastDraft) =>
    previewSchema.parse(unwrap(await call("POST", "/preview", d), "preview")),
  create: async (d: BroadcastDraft) => broadcastSchema.parse(unwrap(await call("POST", "", d), "broadcast")),
  start: async (id: number) =>
    broadcastSchema.parse(unwrap(await call("POST", `/${id}/start`, {}), "broadcast")),
  progress: async (id: number) => broadcastSchema.parse(unwrap(await call("GET", `/${id}`), "broadcast")),
  cancel: async (id: number) =>
    broadcastSchema.parse(unwrap(await call("POST", `/${id}/cancel`, {}), "broadcast")),
};

export const FINISHED = new Set(["done", "canceled"]);
