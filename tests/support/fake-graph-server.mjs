// A stand-in for the Graph API's message endpoint, run as its own process so its clock and CPU
// are not the sender's: POST /{version}/{phone-number-id}/messages answers like Meta (success with
// a unique wamid; 400 bodies with Meta's error shape), including 130429 bursts for set windows of
// time. GET /__stats returns every request it saw (arrival ms, recipient, answer code).
// Config comes as JSON in argv[2]: { token, phoneNumberId, undeliverable: [phones], bursts: [[fromMs, toMs]] }
// where burst windows are measured from the first message request.
import { createServer } from "node:http";

const cfg = JSON.parse(process.argv[2] ?? "{}");
const undeliverable = new Set(cfg.undeliverable ?? []);
const bursts = cfg.bursts ?? [];
const seen = []; // [arrivalMs, to, code]
let first = 0;
let seq = 0;

const metaError = (code, message, details, subcode) => ({
  error: {
    message: `(#${code}) ${message}`,
    type: "OAuthException",
    code,
    ...(subcode ? { error_subcode: subcode } : {}),
    error_data: { messaging_product: "whatsapp", details },
    fbtrace_id: `A${(++seq).toString(36)}fake`,
  },
});

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const now = Date.now();
    if (req.method === "GET" && req.url === "/__stats") return answer(res, 200, { seen });
    const m = /^\/v[0-9.]+\/([^/]+)\/messages$/.exec(req.url ?? "");
    if (req.method !== "POST" || !m)
      return answer(res, 404, metaError(100, "Unsupported request", "no such path"));
    if (req.headers.authorization !== `Bearer ${cfg.token}`) {
      return answer(res, 401, metaError(190, "Error validating access token", "token expired"));
    }
    if (m[1] !== cfg.phoneNumberId)
      return answer(res, 400, metaError(100, "Invalid parameter", "unknown phone number id"));
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(res, 400, metaError(100, "Invalid parameter", "body is not JSON"));
    }
    const to = body?.to;
    if (body?.messaging_product !== "whatsapp" || typeof to !== "string" || !body?.type) {
      seen.push([now, to ?? null, 100]);
      return answer(
        res,
        400,
        metaError(100, "Invalid parameter", "messaging_product, to and type are required"),
      );
    }
    if (first === 0) first = now;
    const t = now - first;
    if (bursts.some(([a, b]) => t >= a && t < b)) {
      seen.push([now, to, 130429]);
      return answer(
        res,
        400,
        metaError(130429, "Rate limit hit", "Cloud API message throughput has been reached."),
      );
    }
    if (undeliverable.has(to)) {
      seen.push([now, to, 131026]);
      return answer(res, 400, metaError(131026, "Message Undeliverable.", "Message Undeliverable.", 2494010));
    }
    seen.push([now, to, 200]);
    const wamid = `wamid.HBgM${to}${(++seq).toString(36).padStart(8, "0")}`;
    return answer(res, 200, {
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: wamid, message_status: "accepted" }],
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
