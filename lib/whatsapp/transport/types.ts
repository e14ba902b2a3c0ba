/*
 * One interface for talking to the Graph API, with a live implementation (fetch to
 * WHATSAPP_GRAPH_URL with the system-user token) and a sandbox (validates like Meta, records
 * every request in channel_sandbox_requests, answers with Meta's shapes). The client above it
 * never knows which one it has.
 */
export interface GraphRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path under the versioned base, e.g. "/1234567890/messages" or "/<WABA_ID>/message_templates". */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface GraphResponse {
  status: number;
  /** Parsed JSON body: success shapes, or `{ error: { code, message, error_subcode?, error_data? } }`. */
  body: unknown;
}

export interface WhatsAppTransport {
  readonly mode: "live" | "sandbox";
  request(req: GraphRequest): Promise<GraphResponse>;
  /** Waits until side effects of answered requests are durable (the sandbox's batched request log). */
  flush?(): Promise<void>;
}
