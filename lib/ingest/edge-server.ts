import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WEBHOOK_READ_LIMIT, webhookEndpoints, type WebhookEndpoint } from "./webhook-endpoints";

/*
 * The webhook edge: a bare node:http listener serving only /api/webhooks/*, with the very same
 * handlers as the Next.js routes (webhook-endpoints.ts). Started beside the app when
 * KOSHA_WEBHOOK_PORT is set (on Postgres in a thread of its own: edge-thread.ts); point Meta's
 * callback URL and the Medusa subscriber at it (or route /api/webhooks/ to it at the proxy) when
 * bursts outgrow what Next's request handling absorbs on the machine. Bodies are capped while they are read, before any handler runs.
 */

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const refusal = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/** Reads the body up to the cap; null when it is larger (the request is answered 413). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > WEBHOOK_READ_LIMIT) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  endpoints: Record<string, WebhookEndpoint>,
): Promise<void> {
  const url = new URL(req.url ?? "/", origin);
  const endpoint = endpoints[url.pathname];
  if (!endpoint) return send(res, 404, refusal("not_found", `No webhook at ${url.pathname}.`));
  const handler = endpoint[req.method as "GET" | "POST"];
  if (!handler) return send(res, 405, refusal("method_not_allowed", `${req.method} is not served here.`));
  const body = req.method === "POST" ? await readBody(req) : undefined;
  if (body === null) return send(res, 413, refusal("payload_too_large", "Body over 1 MiB."));
  // The handler gets the headers and the body as they are: no Request object or body stream
  // per webhook (building those cost more CPU than verifying and storing the webhook).
  const header = (name: string) => {
    const v = req.headers[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  const reply = await handler({ url, header, body: body ? body.toString("utf8") : "" });
  // A string body goes out in the same write as the headers.
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

export function startWebhookEdge(
  port: number,
  host = "0.0.0.0",
  endpoints: Record<string, WebhookEndpoint> = webhookEndpoints,
): Promise<Server> {
  const origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  const server = createServer((req, res) => {
    handle(req, res, origin, endpoints).catch((e) => {
      console.error(JSON.stringify({ level: "error", msg: "webhook edge failed", error: String(e) }));
      if (!res.headersSent) send(res, 500, refusal("internal", "Something went wrong."));
      else res.destroy();
    });
  });
  // Webhook senders keep connections open; answering on them is the cheap path.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
