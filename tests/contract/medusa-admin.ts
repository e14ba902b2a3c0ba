/*
 * A deliberately tiny Admin API client for the harness (seeding and reading back), independent of
 * lib/medusa so the contract test does not check lib/medusa against itself. Every non-2xx answer
 * throws with the request and Medusa's body, so a broken seed step says exactly which call failed.
 */

export type Json = Record<string, unknown>;

export interface AdminCall {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  status: number;
  ms: number;
}

export interface AdminClient {
  url: string;
  get<T = Json>(path: string, query?: Record<string, string | number | string[]>): Promise<T>;
  post<T = Json>(path: string, body?: unknown): Promise<T>;
  delete<T = Json>(path: string): Promise<T>;
  /** Every call made so far, in order (the request sequence that worked). */
  calls: AdminCall[];
}

function qs(query: Record<string, string | number | string[]> | undefined): string {
  if (!query) return "";
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function adminClient(url: string, apiKey: string): AdminClient {
  const auth = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`;
  const calls: AdminCall[] = [];
  async function send<T>(method: AdminCall["method"], path: string, body?: unknown): Promise<T> {
    const t0 = Date.now();
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: auth,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    calls.push({ method, path, body, status: res.status, ms: Date.now() - t0 });
    if (!res.ok) {
      throw new Error(
        `Medusa ${method} ${path} answered ${res.status}: ${text.slice(0, 2_000)}` +
          (body === undefined ? "" : `\nrequest body: ${JSON.stringify(body).slice(0, 2_000)}`),
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
  return {
    url,
    calls,
    get: (path, query) => send("GET", `${path}${qs(query)}`),
    post: (path, body) => send("POST", path, body ?? {}),
    delete: (path) => send("DELETE", path),
  };
}
