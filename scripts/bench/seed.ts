import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { z } from "zod";
import { openDb, type DbOptions } from "@/db";
import { migrateDb } from "@/db/migrate";
import { seedDemo } from "@/lib/demo";

const help = `Usage: npm run bench:seed -- [--engine postgres|pglite] [--orders N] [--seed S] [--end YYYY-MM-DD]

Seeds the demo store into a scratch database, prints the time and rows/s, and removes it.
  --engine postgres   a scratch database on KOSHA_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
                      default 1000000 orders
  --engine pglite     a temporary PGlite folder, default 50000 orders
  --end               last day of activity (default 2026-11-24, so runs compare)`;

const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "postgres" },
    orders: { type: "string" },
    seed: { type: "string" },
    end: { type: "string", default: "2026-11-24" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(help);
  process.exit(0);
}
const args = z
  .object({
    engine: z.enum(["postgres", "pglite"]),
    orders: z.coerce.number().int().min(1).max(5_000_000).optional(),
    seed: z.coerce.number().int().default(42),
    end: z.string(),
  })
  .parse(values);
const orders = args.orders ?? (args.engine === "postgres" ? 1_000_000 : 50_000);

const adminUrl = process.env.KOSHA_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `kosha_bench_seed_${Date.now().toString(36)}`;
let cleanup: () => Promise<void>;
let opts: DbOptions;
if (args.engine === "postgres") {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  opts = { engine: "postgres", url: url.toString() };
  cleanup = async () => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists "${name}" with (force)`);
    await a.end();
  };
} else {
  const dir = mkdtempSync(path.join(tmpdir(), "kosha-bench-seed-"));
  opts = { engine: "pglite", dataDir: path.join(dir, "pglite") };
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const stop = async () => {
  await cleanup();
  process.exit(130);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

try {
  const started = performance.now();
  const handle = await openDb(opts);
  try {
    await migrateDb(handle);
    let last = 0;
    const result = await seedDemo(handle.db, {
      orders,
      seed: args.seed,
      end: args.end,
      onProgress: (p) => {
        if (p.phase !== "activity" || p.elapsedMs - last < 5000) return;
        last = p.elapsedMs;
        const pct = Math.floor((100 * p.ordersWritten) / p.ordersTotal);
        console.error(
          `orders ${p.ordersWritten}/${p.ordersTotal} (${pct}%) ${(p.elapsedMs / 1000).toFixed(1)}s`,
        );
      },
    });
    const total = (performance.now() - started) / 1000;
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
    console.log(`${handle.engine}: ${orders} orders seeded in ${(result.elapsedMs / 1000).toFixed(1)}s`);
    console.log(
      `  ${(orders / (result.elapsedMs / 1000)).toFixed(0)} orders/s, ${rows} rows, ${(rows / (result.elapsedMs / 1000)).toFixed(0)} rows/s`,
    );
    console.log(`  including open + migrate: ${total.toFixed(1)}s`);
    for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(24)} ${n}`);
  } finally {
    await handle.close();
  }
} finally {
  await cleanup();
}
