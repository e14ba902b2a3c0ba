import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import {
  generateMedusaFixtures,
  medusaClient,
  SandboxStore,
  sandboxTransport,
  syncMedusa,
  type SyncProgress,
} from "@/lib/medusa";
import { mirrorChanged, mirrorFullPass, type MirrorNotifier } from "@/lib/mirror";
import { fmtMs, scratchPostgres, time } from "./scratch-db";

/*
 * bench:sync — a full Admin-API sync of a demo-sized store (50k orders by default) from the
 * sandbox Medusa into a scratch Postgres: every page read through the client, mapped, upserted,
 * then the KPI rollups rebuilt and the guard/segment full pass at the end, as `npm run
 * sync:medusa -- --full` does. Prints the time per resource and in all.
 */
const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "50000" },
    customers: { type: "string", default: "30000" },
    products: { type: "string", default: "120" },
    "page-size": { type: "string", default: "100" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "npm run bench:sync -- [--orders 50000] [--customers 30000] [--products 120] [--page-size 100]\n" +
      "Full sync of a generated Medusa store (sandbox transport) into a scratch Postgres; prints the time.",
  );
  process.exit(0);
}
const orders = Number(values.orders);
const customers = Number(values.customers);
const products = Number(values.products);
const pageSize = Number(values["page-size"]);

const store = new SandboxStore();
const [, genMs] = await time(async () =>
  store.load(
    // Records a minute apart, ending now: a live shop's recent sales, so the guard judges SKUs
    // that sell (fixtures from January would make every SKU "dead" and time substitute searches).
    generateMedusaFixtures({
      products,
      customers,
      orders,
      start: new Date(Date.now() - (products * 3 + customers + orders + 100) * 60_000),
    }),
  ),
);
console.log(`generated ${orders} orders, ${customers} customers, ${products} products in ${fmtMs(genMs)}`);

const h = await scratchPostgres("sync");
try {
  const client = medusaClient(sandboxTransport(store));
  const starts = new Map<string, number>();
  const onProgress = (p: SyncProgress) => {
    if (!starts.has(p.resource)) starts.set(p.resource, performance.now());
    if (p.finished)
      console.log(
        `  ${p.resource.padEnd(18)} ${String(p.done).padStart(7)} records  ${fmtMs(performance.now() - starts.get(p.resource)!)}`,
      );
  };
  // In-process fan-out as the app does it (consent import per page; rollups, guard and segments in
  // one pass at the end), with the verdict events counted rather than logged one line each.
  let events = 0;
  const mirror: MirrorNotifier = {
    changed: (db, change, clock, opts) =>
      mirrorChanged(db, change, { clock, emit: (e) => (events += e.length), ...opts }),
    fullPass: async (db, what, clock) => {
      const t0 = performance.now();
      let last = t0;
      const onProgress = (m: string) => {
        // One line per stage of the pass (the guard reports per 1,000 SKUs; only its last counts).
        if (/^guard \d+\/\d+/.test(m) && !/^guard (\d+)\/\1 /.test(m)) return;
        const now = performance.now();
        console.log(`  full pass: ${m.padEnd(48)} ${fmtMs(now - last)}`);
        last = now;
      };
      const r = await mirrorFullPass(db, what, { clock, emit: (e) => (events += e.length), onProgress });
      console.log(`  full pass in all ${fmtMs(performance.now() - t0)}`);
      return r;
    },
  };
  const [results, ms] = await time(() =>
    syncMedusa(h.db, client, { mode: "full", pageSize, onProgress, mirror }),
  );
  const read = results.reduce((s, r) => s + r.fetched, 0);
  const [n] = await queryRows<{ n: number | string }>(h.db, sql`select count(*) as n from orders`);
  console.log(
    `full sync: ${read} records read, ${Number(n!.n)} orders mirrored, in ${fmtMs(ms)} ` +
      `(${Math.round((read / ms) * 1000)} records/s, incl. the rollup rebuild and the guard/segment pass; ${events} events)`,
  );
} finally {
  await h.drop();
}
