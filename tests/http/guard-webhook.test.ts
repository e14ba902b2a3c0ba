import { describe, expect, it } from "vitest";
import { signatureHeader } from "@/lib/medusa";
import type { AppServerInfo } from "../support/app-server";
import { fakeMedusaControl } from "../support/fake-medusa";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";

/*
 * A stock change travels the whole way on the running app: signed Medusa webhook → inbox →
 * processor re-reads the inventory item from (fake) Medusa → lib/mirror re-judges the SKU → the
 * guard API lists it blocked and the in-process event log shows inventory/sku.blocked; a restock
 * reverses both. Nothing here touches the database directly.
 */
const list = servers();

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

type Verdict = { sku: string; promotable: boolean; available: number; reasons: { code: string }[] };
type Logged = { seq: number; name: string; data: { sku?: string; reasons?: { code: string }[] } };

describe.each(list.map((s) => [s.engine, s] as [string, AppServerInfo]))(
  "stock change through the Medusa webhook moves the guard on %s",
  (engine, server) => {
    const secret = server.env.MEDUSA_WEBHOOK_SECRET!;
    const medusa = fakeMedusaControl(server.env.MEDUSA_URL!);
    const p = `gw_${engine}_${Date.now().toString(36)}`;
    const sku = `${p.toUpperCase()}-SKU`;
    const itemId = `${p}_iitem`;
    const levelId = `${p}_ilev`;
    let seq = 0;
    // Listed just now: a SKU listed over deadAfterDays ago and never sold would be blocked as dead.
    let version = Date.now() - 3_600_000;
    const listedAt = new Date(version).toISOString();
    const next = () => new Date((version += 60_000)).toISOString();

    const post = async (name: string, data: Record<string, unknown>) => {
      const body = JSON.stringify({
        id: `${p}_evt_${++seq}`,
        name,
        data,
        occurred_at: new Date().toISOString(),
      });
      const res = await fetch(`${server.baseUrl}/api/webhooks/medusa`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-kosha-signature": signatureHeader(secret, body) },
        body,
      });
      expect(res.status).toBe(202);
    };
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: await ownerCookie(server) } });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    const verdict = async (status: "blocked" | "all") =>
      (await get<{ items: Verdict[] }>(`/api/v1/guard/skus?status=${status}&limit=500`)).items.find(
        (v) => v.sku === sku,
      );
    const events = async (name: string) =>
      (
        await get<{ runner: string; events: Logged[] }>(`/api/v1/events/recent?name=${name}&limit=500`)
      ).events.filter((e) => e.data.sku === sku);
    const stock = async (stocked: number) => {
      const at = next();
      await medusa.put("inventory_items", [
        {
          id: itemId,
          sku,
          created_at: listedAt,
          updated_at: at,
          location_levels: [
            {
              id: levelId,
              inventory_item_id: itemId,
              location_id: "sloc_jaipur",
              stocked_quantity: stocked,
              reserved_quantity: 0,
              incoming_quantity: 0,
              created_at: listedAt,
              updated_at: at,
              deleted_at: null,
            },
          ],
        },
      ]);
      await post("inventory-level.updated", { id: levelId, inventory_item_id: itemId });
    };

    it("lists a SKU promotable once its product and stock arrived", async () => {
      const created = next();
      await medusa.put("products", [
        {
          id: `${p}_prod`,
          title: "Indigo dabu dupatta",
          handle: `${p}-dupatta`,
          status: "published",
          thumbnail: null,
          metadata: { category: "dupatta", technique: "dabu" },
          created_at: created,
          updated_at: created,
          deleted_at: null,
          variants: [
            {
              id: `${p}_var`,
              title: "Regular",
              sku,
              manage_inventory: true,
              prices: [{ id: `${p}_price`, amount: 2499, currency_code: "inr", rules: {} }],
              inventory_items: [{ inventory_item_id: itemId, required_quantity: 1 }],
              metadata: { unit_cost: "600.00" },
              created_at: created,
              updated_at: created,
              deleted_at: null,
            },
          ],
        },
      ]);
      await post("product.created", { id: `${p}_prod` });
      await stock(20);
      const v = await until("the SKU judged with 20 in stock", async () => {
        const found = await verdict("all");
        return found?.available === 20 ? found : undefined;
      });
      expect(v).toMatchObject({ promotable: true, reasons: [] });
    });

    it("stock to 0 through the webhook: blocked in the guard API and inventory/sku.blocked emitted", async () => {
      const started = Date.now();
      await stock(0);
      const blocked = await until("the SKU listed blocked", () => verdict("blocked"));
      expect(blocked).toMatchObject({ promotable: false, available: 0 });
      expect(blocked.reasons.map((r) => r.code)).toContain("out_of_stock");
      expect(Date.now() - started).toBeLessThan(10_000);
      const [event] = await until("the sku.blocked event", async () => {
        const e = await events("inventory/sku.blocked");
        return e.length > 0 ? e : undefined;
      });
      expect(event!.data.reasons!.map((r) => r.code)).toContain("out_of_stock");
    });

    it("a restock through the webhook unblocks it and emits inventory/sku.unblocked", async () => {
      const [lastBlocked] = await events("inventory/sku.blocked");
      await stock(15);
      await until("the SKU to leave the blocked list", async () => (await verdict("blocked")) === undefined);
      expect(await verdict("all")).toMatchObject({ promotable: true, available: 15 });
      const unblocked = await until("the sku.unblocked event", async () => {
        const e = (await events("inventory/sku.unblocked")).filter((x) => x.seq > lastBlocked!.seq);
        return e.length > 0 ? e : undefined;
      });
      expect(unblocked).toHaveLength(1);
    });

    it("the event log is owner-only", async () => {
      const res = await fetch(`${server.baseUrl}/api/v1/events/recent`);
      expect(res.status).toBe(401);
    });
  },
);
