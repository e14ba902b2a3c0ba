import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { upsertCustomers } from "@/lib/commerce";
import { mirrorChanged } from "@/lib/mirror";
import { fixedClock, istDay } from "@/lib/time";
import { optIn, optOut, subscriberStates, windowOpen, noteInbound } from "@/lib/whatsapp/consent";
import { importCustomerConsent } from "@/lib/whatsapp/consent-import";
import { bookMessageCosts } from "@/lib/whatsapp/costs";
import { normalizePhone, type WaPhone } from "@/lib/whatsapp/phone";
import { engines, testDb, type TestDb } from "../support/db";

const clock = fixedClock("2026-11-20T06:30:00Z"); // 12:00 IST
const at = (iso: string) => new Date(iso);
const phone = (p: string) => normalizePhone(p) as WaPhone;

async function state(t: TestDb, p: string) {
  return (await subscriberStates(t.db, [p])).get(p);
}

describe("phone keys", () => {
  it("makes the usual ways of typing an Indian number one key", () => {
    for (const typed of ["98290 12345", "+91 98290-12345", "09829012345", "919829012345", "0091 98290 12345"])
      expect(normalizePhone(typed)).toBe("919829012345");
    expect(normalizePhone("+44 7700 900123")).toBe("447700900123");
    expect(normalizePhone("12345")).toBeNull();
    expect(normalizePhone("")).toBeNull();
  });
});

describe.each(engines)("WhatsApp consent ledger on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(() => t.drop());

  it("keeps every change, lets the newest win, and ignores a re-delivered one", async () => {
    const p = phone("9829000001");
    expect(
      await optIn(
        t.db,
        { phone: p, source: "checkout", dedupeKey: "a1", at: at("2026-11-01T00:00:00Z") },
        clock,
      ),
    ).toBe(true);
    expect((await state(t, p))?.consent).toBe("opted_in");
    expect(
      await optOut(
        t.db,
        { phone: p, source: "keyword", dedupeKey: "a2", at: at("2026-11-05T00:00:00Z") },
        clock,
      ),
    ).toBe(true);
    expect((await state(t, p))?.consent).toBe("opted_out");
    // The same STOP delivered again changes nothing.
    expect(
      await optOut(
        t.db,
        { phone: p, source: "keyword", dedupeKey: "a2", at: at("2026-11-05T00:00:00Z") },
        clock,
      ),
    ).toBe(false);
    // An old tick box imported late does not undo the later STOP...
    await optIn(t.db, { phone: p, source: "import", dedupeKey: "a3", at: at("2026-11-03T00:00:00Z") }, clock);
    expect((await state(t, p))?.consent).toBe("opted_out");
    // ...but a fresh opt-in does.
    await optIn(
      t.db,
      { phone: p, source: "keyword", dedupeKey: "a4", at: at("2026-11-06T00:00:00Z") },
      clock,
    );
    const s = await state(t, p);
    expect(s?.consent).toBe("opted_in");
    expect(s?.optedInAt?.toISOString()).toBe("2026-11-06T00:00:00.000Z");
    const [n] = await queryRows<{ n: number | string }>(
      t.db,
      sql`select count(*) n from wa_consent_events where phone = ${p}`,
    );
    expect(Number(n!.n)).toBe(4);
  });

  it("opens the 24-hour window on an inbound message without granting consent", async () => {
    const p = phone("9829000002");
    await noteInbound(t.db, p, at("2026-11-20T00:00:00Z"), clock, "Asha");
    const s = await state(t, p);
    expect(s?.consent).toBe("unknown");
    expect(windowOpen(s, at("2026-11-20T23:59:59Z"))).toBe(true);
    expect(windowOpen(s, at("2026-11-21T00:00:00Z"))).toBe(false);
    // An older inbound arriving late does not shorten the window.
    await noteInbound(t.db, p, at("2026-11-19T00:00:00Z"), clock);
    expect((await state(t, p))?.lastInboundAt?.toISOString()).toBe("2026-11-20T00:00:00.000Z");
  });

  it("turns a mirrored checkout tick box into an opt-in once, through the mirror fan-out", async () => {
    const base = {
      email: null,
      firstName: "Meera",
      lastName: "Joshi",
      city: "Jaipur",
      state: "RJ",
      pincode: "302001",
      hasAccount: true,
      createdAt: at("2026-10-01T00:00:00Z"),
      sourceUpdatedAt: at("2026-10-01T00:00:00Z"),
      deletedAt: null,
    };
    await upsertCustomers(t.db, [
      {
        ...base,
        id: "cus_tick",
        phone: "+91 98290 00003",
        marketingConsent: true,
        consentSource: "medusa",
        consentAt: at("2026-10-01T00:00:00Z"),
      },
      {
        ...base,
        id: "cus_none",
        phone: "+91 98290 00004",
        marketingConsent: false,
        consentSource: null,
        consentAt: null,
      },
    ]);
    await mirrorChanged(
      t.db,
      { kind: "customer", ids: ["cus_tick", "cus_none"] },
      { clock, emit: () => {}, bulk: true },
    );
    expect((await state(t, "919829000003"))?.consent).toBe("opted_in");
    expect((await state(t, "919829000003"))?.customerId).toBe("cus_tick");
    expect(await state(t, "919829000004")).toBeUndefined();
    const again = await importCustomerConsent(t.db, clock, ["cus_tick", "cus_none"]);
    expect(again).toEqual({ customers: 1, added: 0, skippedPhones: 0 });
  });

  it("books delivered message costs on the IST day of delivery, once however often it runs", async () => {
    const rows = [
      // 23:59 IST on the 18th and 00:01 IST on the 19th: two different days.
      { key: "c1", delivered: "2026-11-18T18:29:00Z", cost: 86 },
      { key: "c2", delivered: "2026-11-18T18:31:00Z", cost: 86 },
      { key: "c3", delivered: "2026-11-18T18:32:00Z", cost: 12 },
      { key: "c4", delivered: null, cost: 86 },
    ];
    for (const r of rows) {
      await t.db.execute(
        sql`insert into wa_messages (idempotency_key, phone, kind, category, body, flow, status, cost_paise, delivered_at)
            values (${r.key}, '919829000009', 'template', 'marketing', '{}'::jsonb, 'owner',
                    ${r.delivered ? "delivered" : "failed"}, ${r.cost}, ${r.delivered}::timestamptz)`,
      );
    }
    const days = ["2026-11-18", "2026-11-19"];
    await bookMessageCosts(t.db, clock, days);
    await bookMessageCosts(t.db, clock, days);
    const booked = await queryRows<{ day: string; cost_paise: number | string }>(
      t.db,
      sql`select day::text as day, cost_paise from kpi_channel_costs where channel = 'whatsapp' order by day`,
    );
    // Independently: group the delivered rows by their IST day in JS.
    const expected = new Map<string, number>();
    for (const r of rows)
      if (r.delivered)
        expected.set(
          istDay(new Date(r.delivered)),
          (expected.get(istDay(new Date(r.delivered))) ?? 0) + r.cost,
        );
    expect(booked.map((b) => [b.day, Number(b.cost_paise)])).toEqual([...expected.entries()]);
    expect(booked.map((b) => b.day)).toEqual(["2026-11-18", "2026-11-19"]);
  });
});
