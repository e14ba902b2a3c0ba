import { NETWORK_ERROR_CODE, WhatsAppApiError } from "../errors";
import type { GraphRequest, GraphResponse, WhatsAppTransport } from "./types";

/*
 * The real Graph API: `${graphUrl}/${apiVersion}${path}` with the system-user token. JSON in and
 * out; a request that gets no answer (refused, reset, timed out) is thrown as a WhatsAppApiError
 * with the network code, which classifies as retry_later, so the outbox retries it like a 5xx.
 */
export interface LiveTransportOptions {
  graphUrl: string;
  apiVersion: string;
  token: string;
  /** Per request; Meta answers sends in well under a second, so a stuck connection is cut early. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function graphUrlFor(
  opts: Pick<LiveTransportOptions, "graphUrl" | "apiVersion">,
  req: GraphRequest,
): string {
  const base = opts.graphUrl.replace(/\/+$/, "");
  const version = opts.apiVersion.replace(/^\/+|\/+$/g, "");
  const path = req.path.startsWith("/") ? req.path : `/${req.path}`;
  const url = new URL(`${base}/${version}${path}`);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

export function createLiveTransport(opts: LiveTransportOptions): WhatsAppTransport {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return {
    mode: "live",
    async request(req: GraphRequest): Promise<GraphResponse> {
      const url = graphUrlFor(opts, req);
      let res: Response;
      try {
        res = await doFetch(url, {
          method: req.method,
          headers: {
            Authorization: `Bearer ${opts.token}`,
            Accept: "application/json",
            ...(req.body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const timedOut = (e as Error)?.name === "TimeoutError" || (e as Error)?.name === "AbortError";
        throw new WhatsAppApiError({
          code: NETWORK_ERROR_CODE,
          httpStatus: 0,
          title: timedOut ? `no answer within ${timeoutMs} ms` : "network error",
          details: (e as Error)?.message,
          cause: e,
        });
      }
      const text = await res.text().catch(() => "");
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          // A proxy's HTML error page: keep the status, the classification treats a 5xx as retryable.
          body = { error: { message: text.slice(0, 200), code: res.status >= 500 ? 2 : undefined } };
        }
      }
      return { status: res.status, body };
    },
  };
}
