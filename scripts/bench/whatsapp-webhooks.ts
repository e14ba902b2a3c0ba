import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/db";
import type { Reply } from "@/lib/http";
import { resolveInboundHandler } from "@/lib/ingest";
import { InboxRunner } from "@/lib/runner";
import { receiveWhatsAppWebhook, whatsappSignature } from "@/lib/whatsapp/webhook";
import { createScratchDatabase } from "@/tests/support/db";
import { hasFlag, intFlag, profileFlag, spawnNextStart, viaFlag } from "./load-cli";
import { LeanHttpClient } from "./lean-http";
import { statusesBody, type StatusSpec } from "@/tests/support/whatsapp-webhook";

const help = `Usage: npm run bench:whatsapp-webhooks -- [--messages M] [--concurrency C] [--max-seconds S] [--profile DIR]

Starts the app on a scratch Postgres database, seeds M sent WhatsApp messages with wamids, then
posts their signed status webhooks to POST /api/webhooks/whatsapp with C in flight: sent, delivered and read for each message (3 M
webhooks) in a shuffled order (so many arrive out of order), plus Meta-style re-deliveries of 5%
of them (same body: stored once) and a re-sent status in a new body for another 5% (stored,
applied idempotently). Then waits until every stored webhook is applied and checks that stored =
applied and every message ends read with the webhook's sent/delivered/read times.
Bounded: sending and waiting each stop after S seconds.

  --messages M     messages to seed (default 10000 → ~33,000 webhooks; at most 200000)
  --concurrency C  requests in flight (default 64, at most 512)
  --max-seconds S  time limit for sending and for waiting on the apply, each (default 60)
  --profile DIR    run the app with --cpu-prof into DIR (written when the app exits at the end)
  --via edge|next  post to the webhook edge (KOSHA_WEBHOOK_PORT, the default) or to Next's route
  --direct         no HTTP server: call receiveWhatsAppWebhook (the route's whole body: size
                   cap, signature, envelope, inbox store) with a Request object in this process,
                   with the in-process runner applying as in the app; shows what the webhook and
                   apply code cost without Next.js's request path
  --baseline       afterwards, time the same number of GET handshakes (no body, no database) at
                   the same concurrency: what the Next.js request path alone costs on this machine

  Needs a prior \`next build\` (KOSHA_NEXT_DIST_DIR is passed through) and Postgres at
  KOSHA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).`;

if (hasFlag("--help") || hasFlag("-h")) {
  console.log(help);
  process.exit(0);
}
const messages = intFlag("--messages", 10_000, 200_000);
const concurrency = intFlag("--concurrency", 64, 512);
const maxSeconds = intFlag("--max-seconds", 60, 3600);
const direct = hasFlag("--direct");
const via = viaFlag();
const profileDir = profileFlag();

const root = path.resolve(import.meta.dirname, "../..");
// tests/support/app-server.ts locates the repo with CommonJS `__dirname` (tsx runs this as ESM).
(globalThis as { __dirname?: string }).__dirname ??= path.join(root, "tests/support");
const { freePort, TEST_SECRETS, waitForHealth } = await import("@/tests/support/app-server");
const secret = TEST_SECRETS.WHATSAPP_APP_SECRET;

/* A deterministic shuffle, so runs are comparable. */
let seed = 20261120;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

/* The load, built (and signed) before the clock starts. */
const runId = Date.now().toString(36);
const wamid = (i: number) => `wamid.bench.${runId}.${i}`;
const t0 = Math.floor(Date.now() / 1000) - 3600;
const times = (i: number) => ({
  sent: new Date((t0 + (i % 600)) * 1000),
  delivered: new Date((t0 + (i % 600) + 2) * 1000),
  read: new Date((t0 + (i % 600) + 40) * 1000),
});
type Post = { body: string; signature: string; key: string };
const sign = (spec: StatusSpec, entryId = "WABA_1"): Post => {
  const payload = statusesBody(spec);
  payload.entry[0]!.id = entryId;
  const body = JSON.stringify(payload);
  return {
    body,
    signature: whatsappSignature(secret, body),
    key: createHash("sha256").update(body).digest("hex"),
  };
};
const posts: Post[] = [];
for (let i = 0; i < messages; i++) {
  const t = times(i);
  for (const status of ["sent", "delivered", "read"] as const)
    posts.push(
      sign({ wamid: wamid(i), status, at: t[status], recipient: `9198${String(i).padStart(8, "0")}` }),
    );
}
const base = posts.length;
for (let k = 0; k < Math.floor(base * 0.05); k++) posts.push(posts[Math.floor(rand() * base)]!); // Meta retries
for (let k = 0; k < Math.floor(base * 0.05); k++) {
  const i = Math.floor(rand() * messages);
  posts.push(sign({ wamid: wamid(i), status: "delivered", at: times(i).delivered }, `WABA_1_resend_${k}`));
}
for (let i = posts.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [posts[i], posts[j]] = [posts[j]!, posts[i]!];
}
const uniqueBodies = new Set(posts.map((p) => p.key)).size;

/* The app on a scratch database. */
const scratch = await createScratchDatabase();
const port = await freePort();
const edgePort = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
/** Where the webhooks go: the webhook edge (KOSHA_WEBHOOK_PORT, default) or Next's route. */
const webhookBase = via === "next" ? baseUrl : `http://127.0.0.1:${edgePort}`;
const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...TEST_SECRETS,
  DATABASE_URL: scratch.url,
  PORT: String(port),
  KOSHA_WEBHOOK_PORT: String(edgePort),
  AUTH_URL: baseUrl,
  NEXTAUTH_URL: baseUrl,
  KOSHA_LOG_LEVEL: "warn",
  NODE_ENV: "production",
};
await new Promise<void>((resolve, reject) => {
  const p = spawn("npx", ["tsx", "scripts/migrate.ts"], { cwd: root, env: appEnv, stdio: "ignore" });
  p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited ${code}`))));
});
const sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
await sql`insert into wa_messages (idempotency_key, phone, kind, category, body, flow, status, wamid, cost_paise)
          select 'bench:' || i, '9198' || lpad(i::text, 8, '0'), 'template', 'utility', '{}'::jsonb, 'order_update',
                 'sent', ${`wamid.bench.${runId}.`} || i, 0
          from generate_series(0, ${messages - 1}::int) as i`;
let child: ChildProcess | undefined;
let directHandle: Awaited<ReturnType<typeof openDb>> | undefined;
let runner: InboxRunner | undefined;
if (direct) {
  directHandle = await openDb({ engine: "postgres", url: scratch.url, max: 10 });
  runner = new InboxRunner({ db: directHandle.db, resolve: resolveInboundHandler });
} else {
  child = spawnNextStart({ root, port, env: appEnv, profileDir });
  await waitForHealth(baseUrl, child);
  // One warm-up request so the first measured ones do not pay for route compilation and the db pool.
  await fetch(`${webhookBase}/api/webhooks/whatsapp`, { method: "POST", body: "{}" });
}

/* Keep-alive sockets with a near-free client (lean-http.ts): the bench must not eat the app's CPU. */
const client = new LeanHttpClient(webhookBase);
async function postHttp(p: Post): Promise<{ status: number; json: { status?: string } }> {
  const a = await client.post(
    "/api/webhooks/whatsapp",
    { "content-type": "application/json", "x-hub-signature-256": p.signature },
    p.body,
  );
  return { status: a.status, json: JSON.parse(a.body || "{}") as { status?: string } };
}

/** --direct: one webhook straight into the route's function, no HTTP. */
async function postOne(p: Post): Promise<Reply> {
  const init = {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": p.signature },
    body: p.body,
  };
  return receiveWhatsAppWebhook(new Request(`${baseUrl}/api/webhooks/whatsapp`, init), {
    db: directHandle!.db,
    secret,
    dispatch: async (id) => runner!.enqueue(id),
  });
}

/* Load. */
const latencies: number[] = [];
let accepted = 0;
let duplicates = 0;
let errors = 0;
let next = 0;
const sendDeadline = Date.now() + maxSeconds * 1000;
const sentKeys = new Set<string>();
async function worker() {
  while (Date.now() < sendDeadline && next < posts.length) {
    const p = posts[next++]!;
    sentKeys.add(p.key);
    const started = performance.now();
    try {
      const res = direct
        ? await postOne(p).then((r) => ({
            status: r.status,
            json: JSON.parse(r.body) as { status?: string },
          }))
        : await postHttp(p);
      const json = res.json;
      if (res.status === 200) {
        latencies.push(performance.now() - started);
        if (json.status === "duplicate") duplicates++;
        else accepted++;
      } else errors++;
    } catch {
      errors++;
    }
  }
}
console.log(
  `${direct ? "[direct: no HTTP] " : ""}seeded ${messages} messages; posting ${posts.length} signed status webhooks ` +
    `(${uniqueBodies} distinct bodies) to ${direct ? "the route function" : `${webhookBase} (${via === "edge" ? "webhook edge" : "Next.js route"})`} with ${concurrency} in flight…`,
);
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const sendSeconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
const loadSending = os.loadavg()[0]!.toFixed(2);
console.log(
  `answered 200: ${latencies.length}/${posts.length} (${accepted} stored, ${duplicates} duplicates) in ${sendSeconds.toFixed(2)} s ` +
    `= ${(latencies.length / sendSeconds).toFixed(0)} webhooks/s; latency p50 ${pct(0.5).toFixed(1)} ms, ` +
    `p99 ${pct(0.99).toFixed(1)} ms, max ${pct(1).toFixed(1)} ms; errors ${errors}`,
);

/* Stored = applied. */
const waitDeadline = Date.now() + maxSeconds * 1000;
let row: { stored: number; processed: number; ignored: number; failed: number; retried: number } | undefined;
for (;;) {
  [row] = await sql<
    { stored: number; processed: number; ignored: number; failed: number; retried: number }[]
  >`
    select count(*)::int as stored,
           count(*) filter (where status = 'processed')::int as processed,
           count(*) filter (where status = 'ignored')::int as ignored,
           count(*) filter (where status = 'failed')::int as failed,
           count(*) filter (where attempts > 1)::int as retried
    from inbound_events where source = 'whatsapp'`;
  if (row!.processed + row!.ignored + row!.failed >= row!.stored || Date.now() > waitDeadline) break;
  await new Promise((r) => setTimeout(r, 50));
}
const appliedSeconds = (performance.now() - started) / 1000;
const [final] = await sql<{ n: number; right: number }[]>`
  select count(*)::int as n,
         count(*) filter (where status = 'read'
           and sent_at = to_timestamp(${t0} + (substring(idempotency_key from 7)::int % 600))
           and delivered_at = to_timestamp(${t0} + (substring(idempotency_key from 7)::int % 600) + 2)
           and read_at = to_timestamp(${t0} + (substring(idempotency_key from 7)::int % 600) + 40))::int as right
  from wa_messages where idempotency_key like 'bench:%'`;
const stored = row!.stored;
const applied = row!.processed;
console.log(
  `stored ${stored} (distinct bodies sent ${sentKeys.size}) = applied ${applied} (ignored ${row!.ignored}, failed ${row!.failed}, ` +
    `re-claimed ${row!.retried}) ${appliedSeconds.toFixed(2)} s after the first send = ` +
    `${(applied / appliedSeconds).toFixed(0)} webhooks/s stored and applied; ` +
    `messages in the expected final state (read, with the webhooks' times): ${final!.right}/${final!.n}`,
);
console.log(
  `load average while sending ${loadSending}; now ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")}`,
);
// Cut short by --max-seconds: what was sent must still be stored once and applied, but the
// messages cannot all have reached their final state.
const complete = next >= posts.length;
if (!complete)
  console.log(`time limit: sent ${next} of ${posts.length} webhooks (${sentKeys.size} distinct bodies)`);
const ok =
  errors === 0 &&
  stored === sentKeys.size &&
  applied === stored &&
  (!complete || (latencies.length === posts.length && final!.right === messages));

if (hasFlag("--baseline") && !direct) {
  const q = new URLSearchParams({
    "hub.mode": "subscribe",
    "hub.verify_token": TEST_SECRETS.WHATSAPP_VERIFY_TOKEN,
    "hub.challenge": "42",
  });
  let left = posts.length;
  const lat: number[] = [];
  const b0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const s0 = performance.now();
        await (await fetch(`${baseUrl}/api/webhooks/whatsapp?${q}`)).text();
        lat.push(performance.now() - s0);
      }
    }),
  );
  const secs = (performance.now() - b0) / 1000;
  lat.sort((a, b) => a - b);
  console.log(
    `baseline: ${lat.length} GET handshakes in ${secs.toFixed(2)} s = ${(lat.length / secs).toFixed(0)} requests/s; ` +
      `p50 ${lat[Math.floor(lat.length / 2)]!.toFixed(1)} ms, p99 ${lat[Math.floor(lat.length * 0.99)]!.toFixed(1)} ms; ` +
      `load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
}

await sql.end();
if (child) {
  const c = child;
  const exited = new Promise((r) => c.once("exit", r));
  c.kill("SIGTERM");
  const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
await runner?.stop();
await directHandle?.close();
await scratch.drop();
console.log(
  ok ? "OK: every webhook stored once and applied; every message converged" : "MISMATCH: see above",
);
process.exit(ok ? 0 : 1);
