/*
 * One interface for talking to Medusa, with a live implementation (fetch to MEDUSA_URL) and a
 * sandbox (in-memory store answering as the Admin API would). The client above it never knows
 * which one it has.
 */
export type QueryValue = string | number | boolean | (string | number)[];
export type Query = Record<string, QueryValue | undefined>;

export interface MedusaRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path under the Medusa base URL, e.g. "/admin/products". */
  path: string;
  query?: Query;
  body?: unknown;
  /** Extra headers, e.g. `x-publishable-api-key` for the Store API. */
  headers?: Record<string, string>;
}

export interface MedusaResponse {
  status: number;
  body: unknown;
}

export interface MedusaTransport {
  readonly mode: "live" | "sandbox";
  send(req: MedusaRequest): Promise<MedusaResponse>;
}

/** The query string exactly as it goes on the wire (arrays repeat the key, Medusa-style). */
export function encodeQuery(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Parses a query string back into the flat shape the sandbox reads (repeated keys → arrays). */
export function decodeQuery(search: string | URLSearchParams): Record<string, string | string[]> {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of params) {
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    const prev = out[key];
    if (prev === undefined) out[key] = rawKey.endsWith("[]") ? [value] : value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
