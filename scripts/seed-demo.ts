import { parseArgs } from "node:util";
import { z } from "zod";
import { dbOptionsFromEnv, openDb } from "@/db";
import { migrateDb } from "@/db/migrate";
import { seedDemo, storeHasOrders, type SeedProgress } from "@/lib/demo";
import { mirrorFullPass } from "@/lib/mirror";
import { seedDemoWhatsApp } from "@/lib/demo/whatsapp";
import { isIstDay, systemClock } from "@/lib/time";

const help = `Usage: npm run seed:demo -- [--orders N] [--seed S] [--end YYYY-MM-DD] [--if-empty]

Fills the store with a deterministic demo of a Jaipur handloom brand: ~150 products, customers
across India, 24 months of orders ending on --end, carts, web sessions, referral codes and ad
spend. The same --orders, --seed and --end always give the same data.

  --orders N     orders to generate (default 50000)
  --seed S       generator seed, an integer (default 42)
  --end DAY      last day of activity, Asia/Kolkata (default: today)
  --if-empty     do nothing if the store already has orders
  --help         this text

  DATABASE_URL     Postgres to seed (unset: embedded PGlite)
  KOSHA_DATA_DIR   PGlite lives in $KOSHA_DATA_DIR/pglite (default .data)`;

const argsSchema = z.object({
  orders: z.coerce.number().int().min(1).max(5_000_000).default(50_000),
  seed: z.coerce.number().int().default(42),
  end: z.string().refine(isIstDay, "must be a calendar day YYYY-MM-DD").optional(),
  "if-empty": z.boolean().default(false),
});

const { values } = parseArgs({
  options: {
    orders: { type: "string" },
    seed: { type: "string" },
    end: { type: "string" },
    "if-empty": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(help);
  process.exit(0);
}
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  for (const i of parsed.error.issues) console.error(`--${i.path.join(".")}: ${i.message}`);
  console.error(`\n${help}`);
  process.exit(2);
}
const args = parsed.data;

const handle = await openDb(dbOptionsFromEnv());
try {
  await migrateDb(handle);
  if (args["if-empty"] && (await storeHasOrders(handle.db))) {
    console.log(`store already has orders (${handle.engine}, ${handle.location}); --if-empty: not seeding`);
  } else {
    console.log(
      `seeding ${args.orders} orders (seed ${args.seed}) into ${handle.engine} (${handle.location})`,
    );
    let lastPrint = 0;
    const onProgress = (p: SeedProgress) => {
      if (p.phase === "done") return;
      if (p.phase === "activity" && p.elapsedMs - lastPrint < 1000 && p.ordersWritten < p.ordersTotal) return;
      lastPrint = p.elapsedMs;
      const pct = Math.floor((100 * p.ordersWritten) / p.ordersTotal);
      console.error(
        `${p.phase === "catalog" ? "catalog" : "orders"} ${p.ordersWritten}/${p.ordersTotal} (${pct}%) ${(p.elapsedMs / 1000).toFixed(1)}s`,
      );
    };
    const result = await seedDemo(handle.db, {
      orders: args.orders,
      seed: args.seed,
      end: args.end,
      onProgress,
    });
    console.log(`seeded ${result.firstDay} .. ${result.end} in ${(result.elapsedMs / 1000).toFixed(1)}s`);
    for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(24)} ${n}`);

    // The bulk load bypasses the per-record fan-out (lib/mirror), so the cockpit's derived tables
    // are built once here: KPI rollups, then guard verdicts and segments for everything.
    const started = performance.now();
    const secs = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
    const pass = await mirrorFullPass(
      handle.db,
      { rollups: true, guard: true, segments: true },
      // Seeded verdict changes announce nothing: no one listens to a fresh demo's history.
      { clock: systemClock, emit: () => {}, onProgress: (m) => console.error(`${m} ${secs()}`) },
    );
    console.log(
      `derived: rollups, ${pass.skus} SKU verdicts (${pass.verdictChanges} blocked), ` +
        `segments (${pass.segments?.entered ?? 0} memberships) in ${secs()}`,
    );
    // WhatsApp history last: the Diwali broadcast goes to the VIP segment built just above.
    const wa = await seedDemoWhatsApp(handle.db, systemClock);
    console.log(
      `whatsapp: ${wa.subscribers_opted_in} opted in, ${wa.subscribers_opted_out} opted out, ` +
        `${wa.messages} messages, ${wa.templates} templates in ${secs()}`,
    );
  }
} finally {
  await handle.close();
}
