/*
 * An HTTP answer as plain data. The webhook receivers return one: the webhook edge writes it to
 * node:http as it is, and a Next.js route wraps it in a Response (replyResponse). At thousands
 * of webhooks a second, building a web Response and reading its body stream back cost the edge
 * more CPU than checking the signature.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A JSON answer with its Content-Length and `no-transform`: without them `next start` gzips a
 * 90-byte body, and compressing thousands of answers a second cost more than storing the events.
 */
export function jsonReply(status: number, value: unknown): Reply {
  const body = JSON.stringify(value);
  return {
    status,
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "cache-control": "no-store, no-transform",
    },
    body,
  };
}

/** `{ error: { code, message, issues? } }`, the shape every Kosha API error has. */
export function errorReply(status: number, code: string, message: string, issues?: unknown[]): Reply {
  return jsonReply(status, { error: { code, message, ...(issues ? { issues } : {}) } });
}

/** Tells a Reply from the request input it stands in for (readRawInput answers one or the other). */
export function isReply(x: object): x is Reply {
  return "status" in x && "body" in x && !("header" in x);
}

export function replyResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
