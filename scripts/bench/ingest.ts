import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { DEFAULT_LEASE_MS } from "@/lib/inbox";
import { signatureHeader } from "@/lib/medusa";
import { createScratchDatabase } from "@/tests/support/db";
import { hasFlag, intFlag, profileFlag, spawnNextStart, stringFlag, viaFlag } from "./load-cli";
import { procCpuMs } from "./cpu";
import { LeanHttpClient } from "./lean-http";
import { startFakeMedusa } from "@/tests/support/fake-medusa";

const help = `Usage: npm run bench:ingest -- [--count N] [--concurrency C] [--max-seconds S] [--url URL] [--kill-midway]

Sends N signed Medusa order.placed events to POST /api/webhooks/medusa with C in flight, then
waits until every accepted event is stored and processed. Bounded: stops sending after S seconds.

  --count N        events to send (default 5000, at most 200000)
  --concurrency C  requests in flight (default 32, at most 512)
  --max-seconds S  time limit for sending and for waiting on processing each (default 60)
  --url URL        an already running Kosha (needs MEDUSA_WEBHOOK_SECRET and DATABASE_URL of that
                   app in this environment); default: start one on a scratch Postgres database
                   with a local fake Medusa holding the orders
  --via edge|next  post to the webhook edge (KOSHA_WEBHOOK_PORT, the default) or to Next's route
  --warm-up W      first send W events of their own (default 500) and wait until they are
                   processed: the figures describe a running app, not its first connections
  --kill-midway    SIGKILL the app halfway, restart it on the same database, resend what was not
                   answered; then show every event answered 2xx is stored and processed once
                   (waits at least one inbox lease, 2 min, for rows the killed app had claimed)
  --profile DIR    run the app with --cpu-prof into DIR (written when the app exits at the end)

  Needs a prior \`next build\` (KOSHA_NEXT_DIST_DIR is passed through) and Postgres at
  KOSHA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).`;

if (hasFlag("--help") || hasFlag("-h")) {
  console.log(help);
  process.exit(0);
}
const count = intFlag("--count", 5000, 200_000);
const concurrency = intFlag("--concurrency", 32, 512);
const maxSeconds = intFlag("--max-seconds", 60, 3600);
const killMidway = hasFlag("--kill-midway");
const warmUp = hasFlag("--warm-up") ? Number(stringFlag("--warm-up")) : 500;
if (!Number.isInteger(warmUp) || warmUp < 0 || warmUp > 100_000) {
  console.error("--warm-up must be an integer from 0 to 100000");
  process.exit(2);
}
const urlArg = stringFlag("--url");
const via = viaFlag();
const profileDir = profileFlag();

const root = path.resolve(import.meta.dirname, "../..");
// tests/support/app-server.ts locates the repo with CommonJS `__dirname` (vitest provides it; tsx
// running this script as ESM does not), so give it one before loading it.
(globalThis as { __dirname?: string }).__dirname ??= path.join(root, "tests/support");
const { freePort, TEST_SECRETS, waitForHealth } = await import("@/tests/support/app-server");
const secret = urlArg ? process.env.MEDUSA_WEBHOOK_SECRET : TEST_SECRETS.MEDUSA_WEBHOOK_SECRET;
if (!secret) {
  console.error("MEDUSA_WEBHOOK_SECRET must be set to the app's secret when --url is given");
  process.exit(2);
}

const runId = Date.now().toString(36);
/* Events from `count` on are the warm-up's: their own ids, outside every figure and check. */
const kind = (i: number) => (i < count ? "bench" : "warm");
const orderId = (i: number) => `order_${kind(i)}_${runId}_${i}`;
const eventId = (i: number) => `evt_${kind(i)}_${runId}_${i}`;

/* A fake Medusa the app fetches each order from (skipped with --url: that app has its own Medusa). */
const medusa = urlArg ? undefined : await startFakeMedusa();
if (medusa) {
  const now = new Date().toISOString();
  for (let i = 0; i < count + warmUp; i++) {
    medusa.store.put("orders", {
      id: orderId(i),
      display_id: i + 1,
      status: "pending",
      payment_status: "captured",
      fulfillment_status: "not_fulfilled",
      currency_code: "inr",
      email: `bench${i}@example.in`,
      items: [
        {
          id: `${orderId(i)}_li`,
          title: "Bagru kurta",
          quantity: 1,
          unit_price: "1499.50",
          total: "1499.50",
        },
      ],
      total: "1598.50",
      item_subtotal: "1499.50",
      shipping_total: 99,
      created_at: now,
      updated_at: now,
    });
  }
}

/* The app: given with --url, or our own `next start` child on a scratch database (which kill mode kills and restarts). */
let child: ChildProcess | undefined;
let baseUrl = urlArg ?? "";
/** Where the webhooks go: the webhook edge (KOSHA_WEBHOOK_PORT, default) or Next's route. */
let webhookBase = urlArg ?? "";
let databaseUrl = process.env.DATABASE_URL ?? "";
let dropDb: (() => Promise<void>) | undefined;
let appEnv: NodeJS.ProcessEnv = { ...process.env };

function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn("npx", ["tsx", ...args], { cwd: root, env, stdio: "ignore" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

async function spawnApp(): Promise<void> {
  const port = Number(new URL(baseUrl).port);
  child = spawnNextStart({ root, port, env: appEnv, profileDir });
  await waitForHealth(baseUrl, child);
}

if (!urlArg) {
  const scratch = await createScratchDatabase();
  databaseUrl = scratch.url;
  dropDb = scratch.drop;
  const port = await freePort();
  const edgePort = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  webhookBase = via === "next" ? baseUrl : `http://127.0.0.1:${edgePort}`;
  appEnv = {
    ...process.env,
    ...TEST_SECRETS,
    MEDUSA_URL: medusa!.url,
    MEDUSA_API_KEY: medusa!.apiKey,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    KOSHA_WEBHOOK_PORT: String(edgePort),
    AUTH_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    KOSHA_LOG_LEVEL: "warn",
    NODE_ENV: "production",
  };
  await runScript(["scripts/migrate.ts"], appEnv);
  await spawnApp();
}
if (!databaseUrl) {
  console.error("DATABASE_URL of the app under test is needed to check stored = processed");
  process.exit(2);
}
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });

/* Load. */
const latencies: number[] = [];
const answered = new Map<number, number>(); // event index → status
let errors = 0;
let killed = false;
let next = 0;
const sendDeadline = Date.now() + maxSeconds * 1000;

/* Keep-alive sockets with a near-free client (lean-http.ts): the bench must not eat the app's CPU. */
const client = new LeanHttpClient(webhookBase);
const post = (body: string, signature: string): Promise<number> =>
  client
    .post(
      "/api/webhooks/medusa",
      { "content-type": "application/json", "x-kosha-signature": signature },
      body,
    )
    .then((a) => a.status);

async function sendOne(i: number): Promise<boolean> {
  const body = JSON.stringify({
    id: eventId(i),
    name: "order.placed",
    data: { id: orderId(i) },
    occurred_at: new Date().toISOString(),
  });
  const t0 = performance.now();
  try {
    const status = await post(body, signatureHeader(secret!, body));
    if (status >= 200 && status < 300) {
      latencies.push(performance.now() - t0);
      answered.set(i, status);
      return true;
    }
    errors++;
  } catch {
    errors++;
  }
  return false;
}

async function worker(queue: number[]) {
  while (Date.now() < sendDeadline) {
    const i = queue.length ? queue.shift()! : next < count ? next++ : undefined;
    if (i === undefined) return;
    if (killMidway && !killed && answered.size >= count / 2) {
      killed = true;
      console.log(`killing the app (SIGKILL) after ${answered.size} accepted events…`);
      child!.kill("SIGKILL");
      void (async () => {
        await new Promise((r) => child!.once("exit", r));
        await spawnApp();
        console.log("app restarted on the same database");
      })();
    }
    if (!(await sendOne(i))) {
      // Like Medusa's event bus: a delivery that did not get a 2xx is retried later.
      if (killMidway) {
        queue.push(i);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}

/*
 * CPU seconds used by the app and by this process (load generator and fake Medusa): on a shared
 * machine the wall-clock rate moves with everyone else's load, CPU per event much less.
 */
function appCpuSeconds(): number {
  const ms = child?.pid ? procCpuMs(child.pid) : null;
  return ms === null ? NaN : ms / 1000;
}
const benchCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const cpuPerEvent = (appCpu: number, benchCpu: number, n: number) =>
  `CPU per event: app ${((appCpu * 1000) / n).toFixed(2)} ms, bench ${((benchCpu * 1000) / n).toFixed(2)} ms`;

console.log(
  `sending ${count} signed order.placed events to ${webhookBase}/api/webhooks/medusa (${via === "edge" && !urlArg ? "webhook edge" : "Next.js route"}) with ${concurrency} in flight…`,
);
if (warmUp > 0) {
  let w = count;
  const warmOne = async () => {
    while (w < count + warmUp) {
      const i = w++;
      const body = JSON.stringify({
        id: eventId(i),
        name: "order.placed",
        data: { id: orderId(i) },
        occurred_at: new Date().toISOString(),
      });
      await post(body, signatureHeader(secret!, body)).catch(() => 0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, warmOne));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await sql`
      select count(*) filter (where status = 'processed')::int as n from inbound_events
       where source = 'medusa' and external_id like ${`evt_warm_${runId}_%`}`;
    if (row!.n >= warmUp || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`warm-up: ${warmUp} events sent and processed (not in the figures)`);
}
const cpu0 = { app: appCpuSeconds(), bench: benchCpuSeconds() };
const started = performance.now();
const retryQueue: number[] = [];
await Promise.all(Array.from({ length: concurrency }, () => worker(retryQueue)));
const seconds = (performance.now() - started) / 1000;
const cpu1 = { app: appCpuSeconds(), bench: benchCpuSeconds() };
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.log(
  `accepted ${answered.size}/${count} in ${seconds.toFixed(2)} s = ${(answered.size / seconds).toFixed(0)} events/s; ` +
    `latency p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms; non-2xx or failed attempts: ${errors}; ` +
    `load average ${os.loadavg()[0]!.toFixed(2)}`,
);
console.log(
  `  while sending (${killMidway ? "first app only" : "app"}): ` +
    cpuPerEvent(cpu1.app - cpu0.app, cpu1.bench - cpu0.bench, answered.size),
);

/* Stored = processed, exactly once. */
const ids = [...answered.keys()].map(eventId);
/*
 * Rows the killed app had claimed stay leased until their lease runs out (DEFAULT_LEASE_MS: it
 * cannot tell a dead worker from a slow one on another machine); only then does the restarted app
 * take them over. So after a kill, wait at least a lease and a sweep interval beyond the kill.
 */
const leaseWaitMs = killMidway ? DEFAULT_LEASE_MS + 15_000 : 0;
const waitDeadline = Date.now() + Math.max(maxSeconds * 1000, leaseWaitMs);
let stored = 0;
let processed = 0;
let reprocessed = 0;
for (;;) {
  const [row] = await sql`
    select count(*)::int as stored,
           count(*) filter (where status = 'processed')::int as processed,
           count(*) filter (where attempts > 1)::int as reprocessed
    from inbound_events where source = 'medusa' and external_id = any(${ids})`;
  stored = row!.stored;
  processed = row!.processed;
  reprocessed = row!.reprocessed;
  if (processed === ids.length || Date.now() > waitDeadline) break;
  await new Promise((r) => setTimeout(r, 250));
}
const [dup] = await sql`
  select count(*)::int as rows, count(distinct external_id)::int as ids
  from inbound_events where source = 'medusa' and external_id like ${`evt_bench_${runId}_%`}`;
const [mirror] = await sql`select count(*)::int as n from orders where id like ${`order_bench_${runId}_%`}`;
const drained = (performance.now() - started) / 1000;
const load = os.loadavg().map((l) => l.toFixed(2));
const cpu2 = { app: appCpuSeconds(), bench: benchCpuSeconds() };
console.log(
  `accepted ${ids.length} = stored ${stored} = processed ${processed} ` +
    `(inbox rows ${dup!.rows} for ${dup!.ids} ids; mirror orders ${mirror!.n}; ` +
    `claimed again after the crash, idempotently: ${reprocessed}); ` +
    `${processed === ids.length ? "all" : "NOT all"} processed ${drained.toFixed(1)} s after the first send; ` +
    `load average ${load.join(", ")}`,
);
if (!killMidway) {
  console.log(
    `  sending and processing, app and bench: ` +
      cpuPerEvent(cpu2.app - cpu0.app, cpu2.bench - cpu0.bench, ids.length),
  );
}
const ok =
  stored === ids.length &&
  processed === ids.length &&
  dup!.rows === dup!.ids &&
  (urlArg || mirror!.n >= ids.length);

await sql.end();
client.close();
if (child && child.exitCode === null) {
  // SIGTERM lets `next start` exit normally, which is when --cpu-prof writes its profile.
  const exited = new Promise((r) => child!.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child!.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
await dropDb?.();
await medusa?.close();
console.log(
  ok
    ? "OK: every accepted event stored once and processed, one mirror row each"
    : "MISMATCH: see the figures above",
);
process.exit(ok ? 0 : 1);
