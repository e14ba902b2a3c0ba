import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { medusaClient, SandboxStore, sandboxTransport } from "@/lib/medusa";
import {
  medusaGroupsApi,
  pushSegmentsToMedusa,
  recomputeAllSegments,
  recordingGroupsApi,
  segmentMembersCsv,
  listSegmentMembers,
  segmentOverview,
} from "@/lib/segments";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { segmentStore } from "./segments-store";

const NOW = new Date("2026-06-01T06:30:00Z");
const DAY = 86_400_000;

describe.each(engines)("segments pushed to Medusa and reported on %s", (engine) => {
  let t: TestDb;
  let store: ReturnType<typeof segmentStore>;
  const clock = fixedClock(NOW);
  beforeAll(async () => {
    t = await testDb(engine);
    store = segmentStore(t.db);
    for (const id of ["c1", "c2", "c3"]) await store.customer(id);
    await store.order("c1", new Date(NOW.getTime() - 20 * DAY), { totalPaise: 100_000 });
    await store.order("c1", new Date(NOW.getTime() - 10 * DAY), {
      totalPaise: 300_000,
      refundedPaise: 50_000,
    });
    await store.order("c2", new Date(NOW.getTime() - 5 * DAY), { totalPaise: 150_000, isGift: true });
    await store.order("c3", new Date("2025-10-10T06:00:00Z"), { totalPaise: 200_000 });
    clock.set(new Date(NOW.getTime() - 2 * DAY));
    await recomputeAllSegments(t.db, clock);
    clock.set(NOW);
  });
  afterAll(() => t.drop());

  it("creates missing groups, fills them, and a second push changes nothing", async () => {
    const api = recordingGroupsApi();
    const first = await pushSegmentsToMedusa(t.db, api, { clock });
    const repeat = first.find((r) => r.segmentKey === "repeat")!;
    expect(repeat).toMatchObject({ created: true, added: 1, removed: 0, members: 1 });
    expect([...api.groups.get(repeat.groupId)!.members]).toEqual(["c1"]);
    expect(api.groups.get(repeat.groupId)!.name).toBe("Kosha: Repeat");
    // Festival groups only once somebody bought in the window.
    expect(first.map((r) => r.segmentKey).filter((k) => k.startsWith("festival:"))).toEqual([
      "festival:diwali:2025",
      "festival:karva_chauth:2025",
    ]);

    api.calls.length = 0;
    const second = await pushSegmentsToMedusa(t.db, api, { clock });
    expect(api.calls.filter((c) => c.op !== "listCustomerGroups" && c.op !== "listGroupCustomerIds")).toEqual(
      [],
    );
    expect(second.every((r) => !r.created && r.added === 0 && r.removed === 0)).toBe(true);
  });

  it("adds and removes exactly the members that changed, reusing the group", async () => {
    const api = recordingGroupsApi();
    await pushSegmentsToMedusa(t.db, api, { clock, segmentKeys: ["new", "repeat"] });
    await store.order("c2", new Date(NOW.getTime() - DAY));
    await recomputeAllSegments(t.db, clock);
    api.calls.length = 0;
    const r = await pushSegmentsToMedusa(t.db, api, { clock, segmentKeys: ["new", "repeat"] });
    expect(r.map((x) => [x.segmentKey, x.created, x.added, x.removed])).toEqual([
      ["new", false, 0, 1],
      ["repeat", false, 1, 0],
    ]);
    const writes = api.calls.filter((c) => c.op.endsWith("ToGroup") || c.op.endsWith("FromGroup"));
    expect(writes.map((c) => [c.op, "customerIds" in c ? c.customerIds : []])).toEqual([
      ["removeCustomersFromGroup", ["c2"]],
      ["addCustomersToGroup", ["c2"]],
    ]);
  });

  it("works over lib/medusa's sandbox transport as the Admin API would be called", async () => {
    const sandbox = new SandboxStore();
    const now = NOW.toISOString();
    for (const id of ["c1", "c2", "c3"]) {
      sandbox.put("customers", {
        id,
        email: `${id}@example.in`,
        groups: [],
        created_at: now,
        updated_at: now,
      });
    }
    const api = medusaGroupsApi(medusaClient(sandboxTransport(sandbox)));
    await pushSegmentsToMedusa(t.db, api, { clock, segmentKeys: ["repeat"] });
    const group = sandbox.all("customer_groups").find((g) => g.name === "Kosha: Repeat")!;
    expect(group).toBeDefined();
    const inGroup = sandbox
      .all("customers")
      .filter((c) => (c.groups as { id: string }[]).some((g) => g.id === group.id))
      .map((c) => c.id)
      .sort();
    expect(inGroup).toEqual(["c1", "c2"]);
    const before = sandbox.calls.length;
    await pushSegmentsToMedusa(t.db, api, { clock, segmentKeys: ["repeat"] });
    expect(sandbox.calls.slice(before).filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("reports size, revenue share, AOV, repeat rate, LTV and trend per segment", async () => {
    const all = await segmentOverview(t.db, clock, 5);
    const repeat = all.find((s) => s.key === "repeat")!;
    // c1: 100,000 + 300,000 − 50,000 = 350,000 over 2 orders; c2: 150,000 + 200,000 over 2.
    // Everyone: c1 350,000 + c2 350,000 + c3 200,000 = 900,000.
    expect(repeat).toMatchObject({
      size: 2,
      revenuePaise: 700_000,
      aovPaise: 175_000,
      repeatRate: 1,
      ltvPaise: 350_000,
    });
    expect(repeat.revenueShare).toBeCloseTo(700_000 / 900_000, 10);
    // Two days ago only c1 was a repeat buyer; c2 became one today.
    expect(repeat.trend.map((p) => p.size)).toEqual([0, 0, 1, 1, 2]);
    const churned = all.find((s) => s.key === "churned")!;
    expect(churned).toMatchObject({ size: 0, revenueShare: 0, aovPaise: 0, ltvPaise: 0 });
  });

  it("lists members page by page and exports them as CSV", async () => {
    const page = await listSegmentMembers(t.db, "repeat", { limit: 1, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((m) => m.customerId)).toEqual(["c2"]);
    const next = await listSegmentMembers(t.db, "repeat", { limit: 1, offset: 1 });
    expect(next.items.map((m) => m.customerId)).toEqual(["c1"]);
    const csv = await segmentMembersCsv(t.db, "repeat");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "customer_id,email,phone,first_name,last_name,city,in_segment_since,reason,orders,lifetime_inr,last_order_at",
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('"c1","c1@example.in"');
    expect(lines[2]).toContain('"3500.00"');
  });
});
