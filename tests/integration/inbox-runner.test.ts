import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import { readEnv } from "@/lib/config";
import { claimInbound, storeInbound, type HandlerResolver } from "@/lib/inbox";
import { dispatchInbound, InboxRunner } from "@/lib/runner";
import { engines, testDb, type TestDb } from "../support/db";

let seq = 0;
async function store(db: Db, name = "thing.happened") {
  const { id } = await storeInbound(db, {
    source: "test",
    externalId: `r-${Date.now()}-${++seq}`,
    name,
    rawBody: "{}",
    payload: {},
  });
  return id;
}

async function statusOf(db: Db, id: number) {
  const [r] = await db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
  return r!;
}

/** Polls until the row leaves pending/processing; answers how long that took. */
async function waitFinished(db: Db, id: number, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const r = await statusOf(db, id);
    if (r.status !== "pending" && r.status !== "processing") return Date.now() - start;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`inbound ${id} still unfinished after ${timeoutMs} ms`);
}

const processedIds: number[] = [];
const resolve: HandlerResolver = (source) =>
  source === "test"
    ? async ({ event }) => {
        processedIds.push(event.id);
        return { outcome: "processed" };
      }
    : undefined;

describe.each(engines)("the in-process runner on %s", (engine) => {
  let t: TestDb;
  let runner: InboxRunner | undefined;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
  });
  afterAll(async () => {
    await t.drop();
  });

  it("processes a dispatched event promptly, without waiting for the poller", async () => {
    // A poll interval far longer than the test proves the prompt queue did the work.
    runner = new InboxRunner({ db: t.db, resolve, pollIntervalMs: 60_000 });
    const id = await store(t.db);
    const result = await dispatchInbound(id, { env: readEnv({} as unknown as NodeJS.ProcessEnv), runner });
    expect(result).toEqual({ via: "in-process", queued: true });
    const ms = await waitFinished(t.db, id, 2000);
    expect((await statusOf(t.db, id)).status).toBe("processed");
    expect(ms).toBeLessThan(1000);
    expect(runner.status()).toMatchObject({ processed: 1, started: false });
  });

  it("processes a burst with bounded concurrency, each event once", async () => {
    let running = 0;
    let peak = 0;
    const calls = new Map<number, number>();
    const slow: HandlerResolver =
      () =>
      async ({ event }) => {
        running++;
        peak = Math.max(peak, running);
        calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 15));
        running--;
        return { outcome: "processed" };
      };
    runner = new InboxRunner({ db: t.db, resolve: slow, concurrency: 3, pollIntervalMs: 60_000 });
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await store(t.db));
    for (const id of ids) {
      runner.enqueue(id);
      runner.enqueue(id); // a double dispatch is harmless
    }
    await runner.idle();
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
    expect([...calls.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
  });

  it("picks up rows nobody dispatched (accepted under another runner) within a couple of seconds", async () => {
    // Claimed by a worker that crashed: its lease has already run out.
    const abandoned = await store(t.db);
    await claimInbound(t.db, { limit: 10, leaseMs: 1, now: new Date(Date.now() - 60_000) });
    expect((await statusOf(t.db, abandoned)).status).toBe("processing");
    // Accepted while Inngest was configured, but the event never reached Inngest.
    const leftPending = await store(t.db);

    runner = new InboxRunner({ db: t.db, resolve, pollIntervalMs: 200 });
    runner.start();
    const ms = Math.max(
      await waitFinished(t.db, leftPending, 3000),
      await waitFinished(t.db, abandoned, 3000),
    );
    expect(ms).toBeLessThan(2500);
    expect(await statusOf(t.db, leftPending)).toMatchObject({ status: "processed", attempts: 1 });
    expect(await statusOf(t.db, abandoned)).toMatchObject({ status: "processed", attempts: 2 });
    expect(runner.status().started).toBe(true);
    expect(runner.status().lastSweepAt).not.toBeNull();

    // Rows stored later with no dispatch at all are found by the next poll.
    const later = await store(t.db);
    expect(await waitFinished(t.db, later, 3000)).toBeLessThan(2500);
  });

  it("keeps polling after the database errors once", async () => {
    let fail = true;
    const flaky = new Proxy(t.db, {
      get(target, prop, receiver) {
        // The sweep's first statement (its claim runs in a transaction) fails.
        if (fail && (prop === "update" || prop === "transaction")) {
          fail = false;
          throw new Error("connection reset");
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    runner = new InboxRunner({ db: flaky, resolve, pollIntervalMs: 100 });
    const id = await store(t.db);
    runner.start();
    await waitFinished(t.db, id, 3000);
    expect(runner.status().lastError).toContain("connection reset");
    expect((await statusOf(t.db, id)).status).toBe("processed");
  });
});

describe.each(engines)("dispatching to Inngest on %s", (engine) => {
  let t: TestDb;
  let server: Server;
  let baseUrl = "";
  const received: { path: string; body: unknown }[] = [];
  let answer = 200;
  beforeAll(async () => {
    t = await testDb(engine);
    // A stand-in for the Inngest Event API: records what the SDK posts.
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", body: JSON.parse(body || "null") });
        res.writeHead(answer, { "content-type": "application/json" });
        res.end(
          JSON.stringify(answer === 200 ? { ids: ["01H"], status: 200 } : { error: "down", status: answer }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.drop();
  });

  const env = () =>
    readEnv({
      INNGEST_EVENT_KEY: "test-event-key",
      INNGEST_BASE_URL: baseUrl,
    } as unknown as NodeJS.ProcessEnv);
  const client = () => new Inngest({ id: "kosha-test", isDev: false, eventKey: "test-event-key", baseUrl });

  it("sends kosha/inbound.received with a per-row event id, and leaves processing to Inngest", async () => {
    answer = 200;
    received.length = 0;
    const id = await store(t.db);
    expect(await dispatchInbound(id, { env: env(), client: client() })).toEqual({
      via: "inngest",
      sent: true,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/e/test-event-key");
    expect(received[0]!.body).toEqual([
      expect.objectContaining({ name: "kosha/inbound.received", id: `inbound-${id}`, data: { id } }),
    ]);
    expect((await statusOf(t.db, id)).status).toBe("pending");
  });

  it("does not throw when Inngest refuses or is unreachable; the row stays pending for the sweep", async () => {
    answer = 500;
    const id = await store(t.db);
    const refused = await dispatchInbound(id, { env: env(), client: client() });
    expect(refused).toMatchObject({ via: "inngest", sent: false });

    const unreachable = new Inngest({
      id: "kosha-test",
      isDev: false,
      eventKey: "k",
      baseUrl: "http://127.0.0.1:9",
    });
    expect(await dispatchInbound(id, { env: env(), client: unreachable })).toMatchObject({ sent: false });
    expect((await statusOf(t.db, id)).status).toBe("pending");
  });
});
