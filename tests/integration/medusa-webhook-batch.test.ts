import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { storeInbound, sweepInbox } from "@/lib/inbox";
import {
  generateMedusaFixtures,
  medusaClient,
  medusaHandlers,
  SandboxStore,
  sandboxTransport,
  type MedusaEnvelope,
} from "@/lib/medusa";
import { noMirrorNotifier, type MirrorChange, type MirrorNotifier } from "@/lib/mirror";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const clock = fixedClock("2026-03-01T00:00:00Z");

describe.each(engines)("Medusa order events applied as a batch on %s", (engine) => {
  let h: TestDb;
  const store = new SandboxStore();
  const fx = generateMedusaFixtures({ products: 3, customers: 3, orders: 6 });
  const changes: MirrorChange[] = [];
  const mirror: MirrorNotifier = {
    ...noMirrorNotifier,
    async changed(_db, change) {
      changes.push(change);
      return null;
    },
  };
  const resolve = (source: string, name: string) =>
    source === "medusa"
      ? medusaHandlers(
          () => medusaClient(sandboxTransport(store)),
          () => mirror,
        )(name)
      : undefined;
  let seq = 0;

  async function stored(name: string, data: Record<string, unknown>) {
    const envelope: MedusaEnvelope = {
      id: `evt_b_${++seq}`,
      name,
      data,
      occurred_at: clock.now().toISOString(),
    };
    const { id } = await storeInbound(h.db, {
      source: "medusa",
      externalId: envelope.id,
      name,
      rawBody: JSON.stringify(envelope),
      payload: envelope,
      occurredAt: clock.now(),
    });
    return id;
  }

  async function statusOf(id: number) {
    const [r] = await queryRows<{ status: string; note: string | null }>(
      h.db,
      sql`select status, note from inbound_events where id = ${id}`,
    );
    return r!;
  }

  beforeAll(async () => {
    h = await testDb(engine);
    store.load(fx);
  });
  afterAll(() => h.drop());

  it("reads the orders of many events with one list request and tells the mirror once", async () => {
    const ids = fx.orders.map((o) => o.id);
    const placed = [];
    for (const id of ids.slice(0, 4)) placed.push(await stored("order.placed", { id }));
    // Two events naming one order (placed, then a fulfillment) read it once.
    const fulfilled = await stored("order.fulfillment_created", { order_id: ids[0] });
    const missing = await stored("order.updated", { id: "order_missing" });
    const empty = await stored("order.canceled", {});
    store.calls.length = 0;
    changes.length = 0;

    const summary = await sweepInbox(h.db, resolve, clock);
    expect(summary).toMatchObject({ claimed: 7, processed: 5, ignored: 2, retry: 0 });

    const orderCalls = store.calls.filter((c) => c.path.startsWith("/admin/orders"));
    // One list for all five ids, then a retrieve for the one the list did not return.
    expect(orderCalls.map((c) => c.path)).toEqual(["/admin/orders", "/admin/orders/order_missing"]);
    expect([orderCalls[0]!.query.id].flat().sort()).toEqual([...ids.slice(0, 4), "order_missing"].sort());

    const mirrored = await queryRows<{ id: string; total_paise: number | string }>(
      h.db,
      sql`select id, total_paise from orders order by id`,
    );
    expect(mirrored.map((r) => r.id)).toEqual(ids.slice(0, 4));
    expect(Number(mirrored[0]!.total_paise)).toBe(Math.round(Number(fx.orders[0]!.total) * 100));
    expect(changes.filter((c) => c.kind === "order")).toEqual([{ kind: "order", ids: ids.slice(0, 4) }]);

    for (const id of [...placed, fulfilled]) expect((await statusOf(id)).status).toBe("processed");
    expect(await statusOf(missing)).toEqual({
      status: "ignored",
      note: "order order_missing not found in Medusa",
    });
    expect(await statusOf(empty)).toEqual({ status: "ignored", note: "no id in event data" });
  });

  it("falls back to one retrieve per order when Medusa refuses the list", async () => {
    const id = fx.orders[4]!.id;
    const other = fx.orders[5]!.id;
    const a = await stored("order.updated", { id });
    const b = await stored("order.updated", { id: other });
    store.injectFailure({ pathPrefix: "/admin/orders", status: 400 });
    store.calls.length = 0;
    const summary = await sweepInbox(h.db, resolve, clock);
    expect(summary).toMatchObject({ processed: 2 });
    expect(store.calls.map((c) => c.path).sort()).toEqual(
      ["/admin/orders", `/admin/orders/${id}`, `/admin/orders/${other}`].sort(),
    );
    expect((await statusOf(a)).status).toBe("processed");
    expect((await statusOf(b)).status).toBe("processed");
  });
});
