import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waMessages } from "@/db/schema";
import { IST_OFFSET_MS } from "@/lib/time";
import { emptyFigures, whatsappFigures, type FlowFigures } from "@/lib/whatsapp/figures";
import { engines, testDb, type TestDb } from "../support/db";

/*
 * Flow figures on a tiny hand-made message log, checked against a plain loop over the same
 * fixtures (not the database): IST day edges, messages never sent, sent but failed, delivered
 * and read, clicked, converted with and without revenue, and sends outside the window.
 */

type Fixture = {
  flow: string;
  status: string;
  sentAt?: string;
  deliveredAt?: string;
  readAt?: string;
  clickedAt?: string;
  convertedPaise?: number;
  costPaise: number;
};

const F: Fixture[] = [
  // 2026-11-10 IST starts at 2026-11-09T18:30Z: this one is the 9th in IST, outside the window.
  {
    flow: "cart_recovery",
    status: "read",
    sentAt: "2026-11-09T18:29:59Z",
    deliveredAt: "2026-11-09T18:30:05Z",
    readAt: "2026-11-09T19:00:00Z",
    costPaise: 86,
  },
  // ...and this one is the first second of the 10th.
  {
    flow: "cart_recovery",
    status: "delivered",
    sentAt: "2026-11-09T18:30:00Z",
    deliveredAt: "2026-11-09T18:31:00Z",
    costPaise: 86,
  },
  {
    flow: "cart_recovery",
    status: "read",
    sentAt: "2026-11-10T05:00:00Z",
    deliveredAt: "2026-11-10T05:00:03Z",
    readAt: "2026-11-10T06:00:00Z",
    clickedAt: "2026-11-10T06:01:00Z",
    convertedPaise: 249_900,
    costPaise: 86,
  },
  // Sent on the 10th, delivered after midnight IST: counted on the send day, with its cost.
  {
    flow: "cart_recovery",
    status: "delivered",
    sentAt: "2026-11-10T18:29:00Z",
    deliveredAt: "2026-11-10T18:45:00Z",
    costPaise: 86,
  },
  // Sent but never delivered: no cost.
  { flow: "cart_recovery", status: "failed", sentAt: "2026-11-11T04:00:00Z", costPaise: 86 },
  // Never sent at all.
  { flow: "cart_recovery", status: "skipped", costPaise: 86 },
  { flow: "cart_recovery", status: "queued", costPaise: 86 },
  {
    flow: "order_update",
    status: "read",
    sentAt: "2026-11-10T08:00:00Z",
    deliveredAt: "2026-11-10T08:00:02Z",
    readAt: "2026-11-10T09:00:00Z",
    costPaise: 12,
  },
  {
    flow: "order_update",
    status: "delivered",
    sentAt: "2026-11-11T08:00:00Z",
    deliveredAt: "2026-11-11T08:00:02Z",
    costPaise: 12,
  },
  { flow: "order_update", status: "sent", sentAt: "2026-11-12T08:00:00Z", costPaise: 12 },
  {
    flow: "broadcast",
    status: "read",
    sentAt: "2026-11-12T08:30:00Z",
    deliveredAt: "2026-11-12T08:30:01Z",
    readAt: "2026-11-12T08:40:00Z",
    clickedAt: "2026-11-12T08:41:00Z",
    convertedPaise: 120_000,
    costPaise: 86,
  },
  // Converted without being read (the order came through the storefront link anyway).
  {
    flow: "broadcast",
    status: "delivered",
    sentAt: "2026-11-12T08:30:00Z",
    deliveredAt: "2026-11-12T08:30:02Z",
    convertedPaise: 99_000,
    costPaise: 86,
  },
  // Last second of the 12th IST in, first second of the 13th out.
  {
    flow: "broadcast",
    status: "delivered",
    sentAt: "2026-11-12T18:29:59Z",
    deliveredAt: "2026-11-12T18:30:30Z",
    costPaise: 86,
  },
  {
    flow: "broadcast",
    status: "delivered",
    sentAt: "2026-11-12T18:30:00Z",
    deliveredAt: "2026-11-12T18:30:30Z",
    costPaise: 86,
  },
];

const FROM = "2026-11-10";
const TO = "2026-11-12";

/** The reference: IST day by adding the offset to the UTC instant, then plain counting. */
function reference() {
  const dayOf = (iso: string) => new Date(Date.parse(iso) + IST_OFFSET_MS).toISOString().slice(0, 10);
  const byFlow = new Map<string, FlowFigures>();
  const byDay = new Map<string, FlowFigures>();
  for (const m of F) {
    if (!m.sentAt) continue;
    const day = dayOf(m.sentAt);
    if (day < FROM || day > TO) continue;
    for (const [map, key] of [
      [byFlow, m.flow],
      [byDay, `${m.flow}|${day}`],
    ] as const) {
      const f = map.get(key) ?? emptyFigures();
      f.sent += 1;
      if (m.deliveredAt) {
        f.delivered += 1;
        f.costPaise += m.costPaise;
      }
      if (m.readAt) f.read += 1;
      if (m.clickedAt) f.clicked += 1;
      if (m.convertedPaise !== undefined) {
        f.converted += 1;
        f.revenuePaise += m.convertedPaise;
      }
      map.set(key, f);
    }
  }
  return { byFlow, byDay };
}

describe.each(engines)("WhatsApp flow figures on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    const d = (s?: string) => (s ? new Date(s) : null);
    await t.db.insert(waMessages).values(
      F.map((m, i) => ({
        idempotencyKey: `fixture:${i}`,
        phone: `9198290000${String(i).padStart(2, "0")}`,
        kind: "template",
        category: m.costPaise === 12 ? "utility" : "marketing",
        body: { type: "template" },
        flow: m.flow,
        status: m.status,
        costPaise: m.costPaise,
        sentAt: d(m.sentAt),
        deliveredAt: d(m.deliveredAt),
        readAt: d(m.readAt),
        clickedAt: d(m.clickedAt),
        failedAt: m.status === "failed" ? d(m.sentAt) : null,
        convertedOrderId: m.convertedPaise !== undefined ? `order_${i}` : null,
        convertedPaise: m.convertedPaise ?? null,
      })),
    );
  });
  afterAll(() => t.drop());

  it("counts each flow's sends in the window and what became of them", async () => {
    const got = await whatsappFigures(t.db, { from: FROM, to: TO });
    const ref = reference();
    expect(Object.fromEntries(got.byFlow.map(({ flow, ...f }) => [flow, f]))).toEqual(
      Object.fromEntries(ref.byFlow),
    );
    expect(Object.fromEntries(got.byDay.map(({ flow, day, ...f }) => [`${flow}|${day}`, f]))).toEqual(
      Object.fromEntries(ref.byDay),
    );
    // The hand count, so a reference that drifted with the code would still be caught.
    expect(got.byFlow.find((f) => f.flow === "cart_recovery")).toEqual({
      flow: "cart_recovery",
      sent: 4,
      delivered: 3,
      read: 1,
      clicked: 1,
      converted: 1,
      revenuePaise: 249_900,
      costPaise: 258,
    });
    expect(got.total.sent).toBe(10);
    expect(got.total.revenuePaise).toBe(249_900 + 120_000 + 99_000);
    expect(got.total.costPaise).toBe(258 + 24 + 258);
    // Busiest flow first.
    expect(got.byFlow.map((f) => f.flow)).toEqual(["cart_recovery", "broadcast", "order_update"]);
  });

  it("answers zeros for a window without sends", async () => {
    const got = await whatsappFigures(t.db, { from: "2026-11-20", to: "2026-11-21" });
    expect(got.byFlow).toEqual([]);
    expect(got.total).toEqual(emptyFigures());
  });
});
