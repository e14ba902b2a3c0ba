import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import { storeInbound } from "@/lib/inbox";
import { servers } from "../support/servers";

type Health = {
  status: string;
  database: { engine: string; reachable: boolean };
  migrations: { applied: number; expected: number; current: boolean };
  transports: { medusa: string; whatsapp: string; inngest: string };
  runner: { mode: string; started: boolean; processed: number; ignored: number; lastSweepAt: string | null };
  inbox: { pending: number; processing: number; failed: number; oldestPendingAgeSeconds: number | null };
  whatsapp: { dispatcher: { started: boolean } | null; flows: { started: boolean; rounds: number } | null };
  webhookEdge: { port: number; thread: string } | null;
};

async function health(baseUrl: string): Promise<{ status: number; body: Health }> {
  const res = await fetch(`${baseUrl}/api/health`);
  return { status: res.status, body: (await res.json()) as Health };
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(servers().map((s) => [s.engine, s] as const))("GET /api/health on %s", (engine, server) => {
  it("reports the database, migrations, transports, the in-process runner and the inbox", async () => {
    const { status, body } = await eventually(
      () => health(server.baseUrl),
      (h) => h.body.runner?.started === true && h.body.runner.lastSweepAt !== null,
    );
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.database).toEqual({ engine, reachable: true });
    expect(body.migrations.current).toBe(true);
    expect(body.migrations.applied).toBe(body.migrations.expected);
    // The test servers talk to a local fake Medusa (so Medusa is "live"); no WhatsApp
    // credentials and no Inngest are configured.
    expect(body.transports).toEqual({ medusa: "live", whatsapp: "sandbox", inngest: "in-process" });
    expect(body.runner).toMatchObject({ mode: "in-process", started: true });
    expect(Date.parse(body.runner.lastSweepAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.inbox).toEqual({
      pending: expect.any(Number),
      processing: expect.any(Number),
      failed: expect.any(Number),
      oldestPendingAgeSeconds: body.inbox.pending + body.inbox.processing > 0 ? expect.any(Number) : null,
    });
    // Without Inngest the WhatsApp dispatcher and flow poller run in the app too.
    expect(body.whatsapp.dispatcher).toMatchObject({ started: true });
    expect(body.whatsapp.flows).toMatchObject({ started: true });
    // The webhook edge is up before the app answers; on Postgres it has a thread of its own
    // (PGlite's database lives in the main thread, so its edge does too).
    expect(body.webhookEdge).toEqual({
      port: Number(new URL(server.webhookUrl).port),
      thread: engine === "postgres" ? "thread" : "main",
    });
  });
});

// Only Postgres can be written from outside the server process (PGlite holds its folder alone).
describe.each(servers().filter((s) => s.engine === "postgres"))(
  "the app's in-process runner on $engine",
  (server) => {
    it("processes an event stored behind its back (no dispatch) via its poller", async () => {
      const handle = await openDb({ engine: "postgres", url: server.env.DATABASE_URL!, max: 1 });
      try {
        const before = (await health(server.baseUrl)).body.runner.ignored;
        const { id } = await storeInbound(handle.db, {
          source: "health-test",
          externalId: `probe-${Date.now()}`,
          name: "probe.sent",
          rawBody: "{}",
          payload: {},
        });
        const started = Date.now();
        const row = await eventually(
          async () => (await handle.db.select().from(inboundEvents).where(eq(inboundEvents.id, id)))[0]!,
          (r) => r.status !== "pending" && r.status !== "processing",
        );
        const ms = Date.now() - started;
        expect(row).toMatchObject({ status: "ignored", note: "no handler for health-test/probe.sent" });
        expect(ms).toBeLessThan(5000);
        expect((await health(server.baseUrl)).body.runner.ignored).toBeGreaterThan(before);
      } finally {
        await handle.close();
      }
    });
  },
);
