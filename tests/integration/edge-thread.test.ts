import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db";
import { migrateDb } from "@/db/migrate";
import { inboundEvents } from "@/db/schema/inbox";
import { startEdgeThread, type EdgeThread } from "@/lib/ingest/edge-thread";
import { signatureHeader } from "@/lib/medusa";
import { freePort, TEST_SECRETS } from "../support/app-server";
import { createScratchDatabase } from "../support/db";

/*
 * The webhook edge's own thread (used on Postgres): it accepts on its own event loop and
 * database connections, and hands every stored row's id to the main thread, whose runner
 * applies it. Here the main side is a list that records the ids.
 */
describe("the webhook edge thread", () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let handle: DbHandle;
  let edge: EdgeThread;
  let port: number;
  const dispatched: number[] = [];
  const savedEnv = {
    DATABASE_URL: process.env.DATABASE_URL,
    MEDUSA_WEBHOOK_SECRET: process.env.MEDUSA_WEBHOOK_SECRET,
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    handle = await openDb({ engine: "postgres", url: scratch.url, max: 2 });
    await migrateDb(handle);
    // The thread reads its configuration from the environment it starts with, as in the app.
    process.env.DATABASE_URL = scratch.url;
    process.env.MEDUSA_WEBHOOK_SECRET = TEST_SECRETS.MEDUSA_WEBHOOK_SECRET;
    port = await freePort();
    edge = await startEdgeThread({ port, host: "127.0.0.1", dispatch: (id) => dispatched.push(id) });
  });
  afterAll(async () => {
    // This test process's environment goes back as it was (the thread keeps the copy it got).
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await edge?.stop();
    await handle?.close();
    await scratch?.drop();
  });

  const post = (body: string, signature: string) =>
    fetch(`http://127.0.0.1:${port}/api/webhooks/medusa`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-kosha-signature": signature },
      body,
    });

  it("stores signed events and hands each stored id, once, to the main thread", async () => {
    const ids = ["a", "b", "c"].map((x) => `evt_thread_${x}_${Date.now().toString(36)}`);
    const answers = await Promise.all(
      ids.map((id) => {
        const body = JSON.stringify({
          id,
          name: "kosha.probe",
          data: { id },
          occurred_at: new Date().toISOString(),
        });
        return post(body, signatureHeader(TEST_SECRETS.MEDUSA_WEBHOOK_SECRET, body));
      }),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const rows = await Promise.all(
      ids.map(
        async (id) =>
          (await handle.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, id)))[0]!,
      ),
    );
    await expect.poll(() => dispatched.length).toBe(3);
    expect([...dispatched].sort()).toEqual(rows.map((r) => r.id).sort());

    // A re-delivery is answered from the inbox and not handed over again.
    const body = JSON.stringify({
      id: ids[0],
      name: "kosha.probe",
      data: {},
      occurred_at: new Date().toISOString(),
    });
    const again = await post(body, signatureHeader(TEST_SECRETS.MEDUSA_WEBHOOK_SECRET, body));
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(dispatched).toHaveLength(3);
  });

  it("refuses a forged signature in the thread as the app does, storing nothing", async () => {
    const id = `evt_thread_forged_${Date.now().toString(36)}`;
    const body = JSON.stringify({
      id,
      name: "order.placed",
      data: { id },
      occurred_at: new Date().toISOString(),
    });
    const res = await post(body, signatureHeader("not-the-secret", body));
    expect(res.status).toBe(401);
    expect(await handle.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, id))).toEqual([]);
  });

  it("stops: the port no longer answers", async () => {
    await edge.stop();
    await expect(fetch(`http://127.0.0.1:${port}/api/webhooks/medusa`, { method: "POST" })).rejects.toThrow();
  });
});
