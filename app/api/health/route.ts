import { sql } from "drizzle-orm";
import { appDb } from "@/db";
import { migrationStatus } from "@/db/migrate";
import { readEnv, transports } from "@/lib/config";

export const dynamic = "force-dynamic";

/** Public liveness and configuration report: database, migrations, and live vs sandboxed transports. */
export async function GET() {
  const env = readEnv();
  const t = transports(env);
  let database: { engine: string; reachable: boolean; error?: string } = {
    engine: "unknown",
    reachable: false,
  };
  let migrations = { applied: 0, expected: 0, current: false };
  try {
    const handle = await appDb();
    await handle.db.execute(sql`select 1`);
    database = { engine: handle.engine, reachable: true };
    migrations = await migrationStatus(handle);
  } catch (e) {
    database = { ...database, error: (e as Error).message };
  }
  const ok = database.reachable && migrations.current;
  return Response.json(
    { status: ok ? "ok" : "degraded", database, migrations, transports: t, runner: t.inngest },
    { status: ok ? 200 : 503 },
  );
}
