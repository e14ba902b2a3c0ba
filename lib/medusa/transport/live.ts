import { encodeQuery, type MedusaRequest, type MedusaResponse, type MedusaTransport } from "./types";

export interface LiveTransportOptions {
  baseUrl: string;
  /** A Medusa secret API key (`sk_…`), sent as HTTP Basic with an empty password. */
  apiKey: string;
  timeoutMs?: number;
  /** Attempts per request, including the first; retried on network errors, 429 and 5xx. */
  attempts?: number;
  /** First backoff; doubles per retry, with jitter, capped at 10 s, or the server's Retry-After. */
  backoffMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

export function liveTransport(opts: LiveTransportOptions): MedusaTransport {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const auth = `Basic ${Buffer.from(`${opts.apiKey}:`).toString("base64")}`;
  const attempts = Math.max(1, opts.attempts ?? 4);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const backoffMs = opts.backoffMs ?? 300;
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  return {
    mode: "live",
    async send(req: MedusaRequest): Promise<MedusaResponse> {
      const url = `${base}${req.path}${encodeQuery(req.query)}`;
      let lastError: unknown;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        let retryAfterMs: number | undefined;
        try {
          const res = await doFetch(url, {
            method: req.method,
            headers: {
              authorization: auth,
              accept: "application/json",
              ...(req.body !== undefined ? { "content-type": "application/json" } : {}),
              ...req.headers,
            },
            body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
            signal: AbortSignal.timeout(timeoutMs),
          });
          const text = await res.text();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // Proxies answer HTML on 502/504; keep the text for the error message.
          }
          if (!RETRYABLE(res.status) || attempt === attempts) return { status: res.status, body };
          const ra = Number(res.headers.get("retry-after"));
          if (Number.isFinite(ra) && ra > 0) retryAfterMs = Math.min(ra * 1000, 30_000);
          lastError = new Error(`${req.method} ${req.path} answered ${res.status}`);
        } catch (e) {
          lastError = e;
          if (attempt === attempts) break;
        }
        const backoff = Math.min(backoffMs * 2 ** (attempt - 1), 10_000);
        await sleep(retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2));
      }
      throw new Error(
        `Medusa ${req.method} ${req.path} failed after ${attempts} attempts: ${String((lastError as Error)?.message ?? lastError)}`,
      );
    },
  };
}
