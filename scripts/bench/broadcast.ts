/*
 * npm run bench:broadcast -- [--recipients 50000] [--batch 1000] [--keep]
 *
 * The broadcast pipeline's own ceiling on this machine: on a scratch Postgres
 * (KOSHA_BENCH_PG_URL) with N opted-in subscribers in a segment, times compose → preview → start →
 * materialise every recipient into the outbox (guard re-checked per batch, one featured SKU) →
 * claim → hand each message to a transport that answers at once, with pacing disabled. Printed
 * as messages/s per stage, first stage by stage, then materialise and dispatch running together
 * as they do in production (a second segment with its own phones, so the pair rate limit does
 * not hold its messages back). The Cloud API allows at most 1,000/s per number, so the sending
 * rate (prepare + hand to the transport) must be at least 10,000/s for the API to always be the
 * bottleneck; compose, preview and start run once per broadcast and are printed as times. A run
 * that does not hand every recipient's message to the transport exactly once fails the bench.
 * Each run also prints the CPU its sending stages cost per message (this process and, when
 * Postgres runs here, its backends): steadier than the rate on a shared VM.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { systemClock } from "@/lib/time";
import {
  broadcastSteps,
  composeBroadcast,
  defaultWhatsAppSettings,
  dispatchDue,
  previewBroadcast,
  resetPacers,
  startBroadcast,
  type GraphRequest,
  type WhatsAppSettings,
  type WhatsAppTransport,
} from "@/lib/whatsapp";
import { perMessage, startCpuMeter } from "./cpu";
import { fmtMs, scratchPostgres, time } from "./scratch-db";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "50000" },
    batch: { type: "string", default: "1000" },
    "dispatch-limit": { type: "string", default: "2000" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "npm run bench:broadcast -- [--recipients 50000] [--batch 1000] [--dispatch-limit 2000] [--keep]",
  );
  process.exit(0);
}
const N = Number(values.recipients);
const BATCH = Number(values.batch);
const LIMIT = Number(values["dispatch-limit"]);
const clock = systemClock;
// Pacing off: the no-op transport answers at once and the pacer's slots are a nanosecond apart.
const settings = {
  ...defaultWhatsAppSettings(),
  throughputPerSecond: 1_000_000_000,
  messagingTier: 0,
} as WhatsAppSettings;

let wamids = 0;
const noop: WhatsAppTransport = {
  mode: "live",
  async request(req: GraphRequest) {
    const to = (req.body as { to: string }).to;
    return {
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: `wamid.bench.${++wamids}` }],
      },
    };
  },
};

/** N opted-in subscribers in `segment`, numbered from `from` (each segment its own phones). */
async function seedSegment(db: Db, segment: string, from: number) {
  await db.execute(sql`
    insert into wa_subscribers (phone, customer_id, name, consent, opted_in_at, opt_in_source)
    select '9170' || lpad(i::text, 8, '0'), 'cus_' || i, 'Asha ' || i, 'opted_in', now() - interval '30 days', 'checkout'
      from generate_series(${from + 1}::int, ${from + N}::int) i`);
  await db.execute(sql`
    insert into segment_members (segment_key, customer_id, since, reason)
    select ${segment}, 'cus_' || i, now(), 'bench' from generate_series(${from + 1}::int, ${from + N}::int) i`);
}

async function seed(db: Db) {
  // Two segments with distinct phones: a second send to the same phones seconds after the first
  // would wait out the pair rate limit (one message per phone per 6 s) and time that instead.
  await seedSegment(db, "vip", 0);
  await seedSegment(db, "festival:diwali:2026", N);
  await db.execute(sql`
    insert into wa_templates (name, language, category, status, components)
    values ('festive_drop', 'en', 'MARKETING', 'APPROVED',
            ${JSON.stringify([{ type: "BODY", text: "{{1}}, our {{2}} are here: {{3}}" }])}::jsonb)`);
  // One featured product, in stock, so the guard runs for real at compose and per batch.
  await db.execute(sql`insert into products (id, handle, title, status, category, technique, created_at, source_updated_at)
    values ('prod_b', 'sanganeri-dupatta', 'Sanganeri dupatta', 'published', 'dupatta', 'sanganeri', now() - interval '10 days', now())`);
  await db.execute(sql`insert into variants (id, product_id, sku, title, price_paise, manage_inventory, created_at, source_updated_at)
    values ('var_b', 'prod_b', 'D-SANG-1', 'Default', 150000, false, now() - interval '10 days', now())`);
  await db.execute(sql`analyze`);
}

async function run(db: Db, segment: string, pipelined: boolean) {
  const draft = {
    name: `bench ${segment}`,
    segmentKey: segment,
    templateName: "festive_drop",
    language: "en",
    params: ["{{name}}", "{{products}}", "{{link}}"],
    skus: ["D-SANG-1"],
  };
  const stages: [string, number][] = [];
  const [{ broadcast }, composeMs] = await time(() => composeBroadcast(db, draft, { clock, settings }));
  stages.push(["compose (validate + guard)", composeMs]);
  const [preview, previewMs] = await time(() => previewBroadcast(db, draft, { clock, settings }));
  stages.push([`preview (${preview.recipients} eligible)`, previewMs]);
  const [, startMs] = await time(() => startBroadcast(db, broadcast.id, { clock, settings }));
  stages.push(["start", startMs]);

  // The in-process runner's steps, with no low-water mark: every batch as fast as it can be
  // written, each read while the one before is written. Ends when no recipient is left.
  const materialise = async () => {
    const steps = broadcastSteps(db, broadcast.id, {
      clock,
      settings,
      batchSize: BATCH,
      lowWater: Number.POSITIVE_INFINITY,
    });
    for await (const r of steps) if (r.state !== "batch") return;
  };
  let materialising = true;
  const dispatch = async () => {
    let sent = 0;
    for (;;) {
      // Decided before the pass: a pass that began while the last batch was being written may
      // have missed it, so only an empty pass that began after materialising ended means done.
      const finished = !materialising;
      const s = await dispatchDue(db, {
        transport: noop,
        clock,
        settings,
        phoneNumberId: "bench",
        limit: LIMIT,
        concurrency: 256,
      });
      sent += s.sent;
      if (s.claimed === 0 && finished) return sent;
      if (s.claimed === 0) await new Promise((r) => setTimeout(r, 5));
    }
  };

  let sent = 0;
  // Prepare + hand to the transport: the stages after start, whichever way they ran.
  let sendingMs = 0;
  const cpu = await startCpuMeter(db);
  if (!pipelined) {
    const [, mMs] = await time(materialise);
    materialising = false;
    stages.push([`materialise into the outbox (batches of ${BATCH})`, mMs]);
    sendingMs += mMs;
    const [s, dMs] = await time(dispatch);
    sent = s;
    stages.push([`claim + hand to transport (claims of ${LIMIT})`, dMs]);
    sendingMs += dMs;
  } else {
    const [s, ms] = await time(async () => {
      const d = dispatch();
      await materialise();
      materialising = false;
      return d;
    });
    sent = s;
    stages.push(["materialise ∥ dispatch", ms]);
    sendingMs = ms;
  }
  const spent = cpu();
  const [rows] = await queryRows<{ n: number | string; sent: number | string }>(
    db,
    sql`select count(*) as n, count(*) filter (where status = 'sent') as sent from wa_messages where broadcast_id = ${broadcast.id}`,
  );
  return { stages, sendingMs, spent, sent, rows: Number(rows?.n), sentRows: Number(rows?.sent) };
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en-IN")} msg/s`;

/** Prints a run's stages; returns its sending rate (prepare + hand off) in messages/s. */
function report(title: string, r: Awaited<ReturnType<typeof run>>) {
  const total = r.stages.reduce((a, [, ms]) => a + ms, 0);
  const { sendingMs } = r;
  console.log(`\n${title}`);
  for (const [name, ms] of r.stages) {
    console.log(`  ${name.padEnd(48)} ${fmtMs(ms).padStart(10)}${ms > 100 ? `  ${rate(N, ms)}` : ""}`);
  }
  console.log(
    `  ${"sending: prepare + hand to transport".padEnd(48)} ${fmtMs(sendingMs).padStart(10)}  ${rate(r.sent, sendingMs)}`,
  );
  console.log(`  ${"CPU, prepare + hand off".padEnd(48)} ${perMessage(r.spent, r.sent)}`);
  console.log(
    `  ${"whole, from compose".padEnd(48)} ${fmtMs(total).padStart(10)}  ${rate(r.sent, total)} (${r.sent} handed off; ${r.sentRows}/${r.rows} rows sent)`,
  );
  if (r.sent !== N || r.sentRows !== N) {
    throw new Error(`${title}: ${N} recipients, but ${r.sent} handed off and ${r.sentRows} rows sent`);
  }
  return (r.sent / sendingMs) * 1000;
}

async function main() {
  const h = await scratchPostgres("broadcast");
  try {
    console.log(`broadcast bench: ${N} opted-in recipients, scratch Postgres`);
    const [, seedMs] = await time(() => seed(h.db));
    console.log(`seeded in ${fmtMs(seedMs)}`);
    resetPacers();
    const staged = report("stage by stage", await run(h.db, "vip", false));
    const piped = report(
      "materialise and dispatch together (as in production)",
      await run(h.db, "festival:diwali:2026", true),
    );
    // The ceiling is the sending rate: compose, preview and start happen once per broadcast,
    // before its first message, and are printed above as what they are (a wait, not a rate).
    const ceiling = Math.max(staged, piped);
    console.log(
      `\nceiling ${Math.round(ceiling).toLocaleString("en-IN")} msg/s = ${(ceiling / 1000).toFixed(1)}× the Cloud API's 1,000/s maximum (target ≥ 10×)`,
    );
  } finally {
    if (values.keep) console.log("kept the scratch database (kosha_bench_broadcast_*)");
    else await h.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
