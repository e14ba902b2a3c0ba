import { sql } from "drizzle-orm";
import { appDb } from "@/db";
import { migrationStatus } from "@/db/migrate";
import { readEnv, transports } from "@/lib/config";
import { inboxStats } from "@/lib/inbox";
import { webhookEdgeStatus } from "@/lib/ingest/start-edge";
import { runnerStatus } from "@/lib/runner";
import { whatsappFlowsStatus } from "@/lib/whatsapp/flows/app-flows";
import { whatsappDispatcherStatus } from "@/lib/whatsapp/outbox/app-dispatcher";

export const dynamic = "force-dynamic";

/**
 * Public liveness and configuration report: database, migrations, live vs sandboxed transports,
 * which background runner is active, whether the inbox is keeping up, how the in-process
 * WhatsApp dispatcher and flows are doing, and where the webhook edge listens.
 */
export async function GET() {
  const env = readEnv();
  const t = transports(env);
  let database: { engine: string; reachable: boolean; error?: string } = {
    engine: "unknown",
    reachable: false,
  };
  let migrations = { applied: 0, expected: 0, current: false };
  let inbox: {
    pending: number;
    processing: number;
    failed: number;
    oldestPendingAgeSeconds: number | null;
  } | null = null;
  try {
    const handle = await appDb();
    await handle.db.execute(sql`select 1`);
    database = { engine: handle.engine, reachable: true };
    migrations = await migrationStatus(handle);
    if (migrations.current) {
      const s = await inboxStats(handle.db);
      inbox = {
        pending: s.pending,
        processing: s.processing,
        failed: s.failed,
        oldestPendingAgeSeconds: s.oldestPendingAgeSeconds,
      };
    }
  } catch (e) {
    database = { ...database, error: (e as Error).message };
  }
  const runner = await runnerStatus(env);
  // The in-process WhatsApp dispatcher and flow poller (null when Inngest runs them, or not started).
  const whatsapp = { dispatcher: await whatsappDispatcherStatus(), flows: await whatsappFlowsStatus() };
  const ok = database.reachable && migrations.current;
  return Response.json(
    {
      status: ok ? "ok" : "degraded",
      database,
      migrations,
      transports: t,
      runner,
      inbox,
      whatsapp,
      // Where /api/webhooks/* is also served (KOSHA_WEBHOOK_PORT), and on which thread.
      webhookEdge: webhookEdgeStatus(),
    },
    { status: ok ? 200 : 503 },
  );
}
