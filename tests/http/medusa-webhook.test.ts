import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { signatureHeader } from "@/lib/medusa";
import type { AppServerInfo } from "../support/app-server";
import { fakeMedusaControl } from "../support/fake-medusa";
import { servers } from "../support/servers";

/*
 * Real HTTP against the running apps. Each app reads Medusa from the fake started by the global
 * setup. On Postgres the test reads the app's database directly; PGlite is single-process, so
 * there the test verifies through HTTP: the fake Medusa's call log and /api/health's inbox.
 */
const list = servers();
const at = () => new Date().toISOString();

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(list.map((s) => [s.engine, s] as [string, AppServerInfo]))(
  "POST /api/webhooks/medusa on %s",
  (engine, server) => {
    const secret = server.env.MEDUSA_WEBHOOK_SECRET!;
    const medusa = fakeMedusaControl(server.env.MEDUSA_URL!);
    const sql = server.env.DATABASE_URL
      ? postgres(server.env.DATABASE_URL, { max: 1, onnotice: () => {} })
      : null;
    afterAll(() => sql?.end());
    const p = `${engine}_${Date.now().toString(36)}`;
    let seq = 0;

    const post = (body: string, signature: string | null = signatureHeader(secret, body)) =>
      fetch(`${server.baseUrl}/api/webhooks/medusa`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(signature ? { "x-kosha-signature": signature } : {}),
        },
        body,
      });
    const event = (name: string, data: Record<string, unknown>, id = `${p}_evt_${++seq}`) =>
      JSON.stringify({ id, name, data, occurred_at: at() });
    const fetchesOf = async (path: string) => (await medusa.calls()).filter((c) => c.path === path).length;
    const inboxSettled = async () => {
      const h = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as {
        inbox: { pending: number; processing: number; failed: number } | null;
      };
      return h.inbox !== null && h.inbox.pending === 0 && h.inbox.processing === 0 && h.inbox.failed === 0;
    };
    const storedCount = async (externalId: string) =>
      sql
        ? Number(
            (await sql`select count(*)::int as n from inbound_events where external_id = ${externalId}`)[0]!
              .n,
          )
        : null;

    const order = (id: string) => ({
      id,
      display_id: 1,
      status: "pending",
      payment_status: "captured",
      fulfillment_status: "not_fulfilled",
      currency_code: "inr",
      email: "shopper@example.in",
      items: [
        { id: `${id}_li`, title: "Dabu dupatta", quantity: 1, unit_price: "1299.50", total: "1299.50" },
      ],
      total: "1398.50",
      item_subtotal: "1299.50",
      shipping_total: 99,
      created_at: "2026-02-01T10:00:00.000Z",
      updated_at: "2026-02-01T10:00:00.000Z",
    });

    it("signed order.placed is stored, answered 202, and processed into the mirror", async () => {
      const orderId = `${p}_order_1`;
      await medusa.put("orders", [order(orderId)]);
      const body = event("order.placed", { id: orderId }, `${p}_placed`);
      const res = await post(body);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: "accepted", id: `${p}_placed` });
      await until(
        "the app to fetch the order from Medusa",
        async () => (await fetchesOf(`/admin/orders/${orderId}`)) > 0,
      );
      const calls = (await medusa.calls()).filter((c) => c.path === `/admin/orders/${orderId}`);
      expect(String(calls[0]!.query.fields)).toContain("*items");
      if (sql) {
        const row = await until(
          "the mirror row",
          async () => (await sql`select total_paise from orders where id = ${orderId}`)[0],
        );
        expect(Number(row.total_paise)).toBe(139_850);
        expect(await storedCount(`${p}_placed`)).toBe(1);
      }
      await until("the inbox to settle", inboxSettled);
    });

    it("a replay of the same id answers 200 duplicate and changes nothing", async () => {
      const orderId = `${p}_order_1`;
      const before = await fetchesOf(`/admin/orders/${orderId}`);
      const syncedBefore = sql
        ? (await sql`select synced_at from orders where id = ${orderId}`)[0]!.synced_at
        : null;
      const res = await post(event("order.placed", { id: orderId }, `${p}_placed`));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "duplicate", id: `${p}_placed` });
      await new Promise((r) => setTimeout(r, 500));
      expect(await fetchesOf(`/admin/orders/${orderId}`)).toBe(before);
      if (sql) {
        expect(await storedCount(`${p}_placed`)).toBe(1);
        expect((await sql`select synced_at from orders where id = ${orderId}`)[0]!.synced_at).toEqual(
          syncedBefore,
        );
      }
    });

    it("a forged signature is refused with 401 and nothing is stored or fetched", async () => {
      const orderId = `${p}_order_forged`;
      await medusa.put("orders", [order(orderId)]);
      const body = event("order.placed", { id: orderId }, `${p}_forged`);
      const res = await post(body, signatureHeader("not-the-secret", body));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_signature");
      expect((await post(body, null)).status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(await fetchesOf(`/admin/orders/${orderId}`)).toBe(0);
      if (sql) expect(await storedCount(`${p}_forged`)).toBe(0);
    });

    it("a stale timestamp (over 300 s old) is refused with 401", async () => {
      const body = event("order.placed", { id: `${p}_order_stale` }, `${p}_stale`);
      const res = await post(body, signatureHeader(secret, body, Math.floor(Date.now() / 1000) - 301));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/tolerance/);
      if (sql) expect(await storedCount(`${p}_stale`)).toBe(0);
    });

    it("a malformed body is refused with 400 and says what is wrong", async () => {
      const notJson = "{not json";
      const r1 = await post(notJson);
      expect(r1.status).toBe(400);
      const body = JSON.stringify({ id: `${p}_bad`, name: "Order Placed", data: "x" });
      const r2 = await post(body);
      expect(r2.status).toBe(400);
      const err = (await r2.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(err.error.code).toBe("invalid_body");
      expect(err.error.issues.map((i) => i.path).sort()).toEqual(["data", "name", "occurred_at"]);
      if (sql) expect(await storedCount(`${p}_bad`)).toBe(0);
    });

    it("a body over 1 MiB is refused with 413", async () => {
      const body = event("product.updated", { id: "prod_x", pad: "x".repeat(1024 * 1024) });
      const res = await post(body);
      expect(res.status).toBe(413);
    });

    it("an older version arriving after a newer one does not overwrite it", async () => {
      const customerId = `${p}_cus_1`;
      const customer = (name: string, updatedAt: string) => ({
        id: customerId,
        email: "c@example.in",
        first_name: name,
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: updatedAt,
      });
      await medusa.put("customers", [customer("Newer", "2026-02-02T00:00:00.000Z")]);
      expect((await post(event("customer.updated", { id: customerId }))).status).toBe(202);
      await until("the first fetch", async () => (await fetchesOf(`/admin/customers/${customerId}`)) >= 1);
      await until("the inbox to settle", inboxSettled);
      // Medusa now answers an older version (a lagging replica, a slow retry).
      await medusa.put("customers", [customer("Older", "2026-02-01T00:00:00.000Z")]);
      expect((await post(event("customer.updated", { id: customerId }))).status).toBe(202);
      await until("the second fetch", async () => (await fetchesOf(`/admin/customers/${customerId}`)) >= 2);
      await until("the inbox to settle", inboxSettled);
      if (sql) {
        expect((await sql`select first_name from customers where id = ${customerId}`)[0]!.first_name).toBe(
          "Newer",
        );
      }
    });
  },
);
