import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { fixedClock } from "@/lib/time";
import {
  defaultWhatsAppSettings,
  enqueueMessages,
  noteInbound,
  optIn,
  optOut,
  skipReasons,
  templateMessage,
  type MessageDraft,
  type WaPhone,
  type WhatsAppSettings,
} from "@/lib/whatsapp";
import { engines, testDb, type TestDb } from "../support/db";

const DAY = 24 * 60 * 60 * 1000;
const T0 = "2025-06-10T10:00:00.000Z";
const P1 = "919800000001" as WaPhone;
const P2 = "919800000002" as WaPhone;
const P3 = "919800000003" as WaPhone;
const P4 = "919800000004" as WaPhone;

const settings = (over: Partial<WhatsAppSettings> = {}): WhatsAppSettings => ({
  ...defaultWhatsAppSettings(),
  messagingTier: 0,
  ...over,
});

let keySeq = 0;
const marketing = (phone: string, over: Partial<MessageDraft> = {}): MessageDraft => ({
  idempotencyKey: `test:${++keySeq}`,
  phone,
  category: "marketing",
  flow: "broadcast",
  message: templateMessage("diwali_sale", "en", ["Asha"]),
  ...over,
});
const utility = (phone: string, over: Partial<MessageDraft> = {}): MessageDraft =>
  marketing(phone, {
    category: "utility",
    flow: "order_update",
    message: templateMessage("order_shipped", "en", ["#1"]),
    ...over,
  });
const text = (phone: string, over: Partial<MessageDraft> = {}): MessageDraft =>
  marketing(phone, {
    category: "marketing",
    flow: "reply",
    message: { type: "text", text: { body: "Hello" } },
    ...over,
  });

interface MsgRow extends Record<string, unknown> {
  id: string | number;
  idempotency_key: string;
  phone: string;
  status: string;
  category: string;
  reason: string | null;
  not_before: Date | string;
  cost_paise: string | number;
}
const rows = (db: Db) =>
  queryRows<MsgRow>(
    db,
    sql`select id, idempotency_key, phone, status, category, reason, not_before, cost_paise from wa_messages order by id`,
  );

/** A marketing message already in the log (sent at `at`, or queued for `at`). */
async function logged(db: Db, phone: string, at: Date, status = "sent", category = "marketing") {
  await db.execute(
    sql`insert into wa_messages (idempotency_key, phone, kind, category, body, flow, status, not_before, sent_at)
        values (${`seed:${++keySeq}`}, ${phone}, 'template', ${category}, '{}'::jsonb, 'broadcast', ${status},
                ${at.toISOString()}::timestamptz, ${status === "queued" ? null : at.toISOString()}::timestamptz)`,
  );
}

describe.each(engines)("the WhatsApp outbox decides each send on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.execute(
      sql`truncate wa_messages, wa_subscribers, wa_consent_events, wa_templates restart identity`,
    );
  });

  describe("consent", () => {
    it("skips templates (marketing and utility) to a phone with no opt-in, recording the reason", async () => {
      const clock = fixedClock(T0);
      const out = await enqueueMessages(t.db, [marketing(P1), utility(P1)], { clock, settings: settings() });
      expect(out.map((o) => o.outcome)).toEqual(["skipped", "skipped"]);
      const r = await rows(t.db);
      expect(r.map((x) => [x.status, x.reason])).toEqual([
        ["skipped", skipReasons.noConsent],
        ["skipped", skipReasons.noConsent],
      ]);
      expect(r.map((x) => Number(x.cost_paise))).toEqual([0, 0]);
    });

    it("sends nothing business-initiated to an opted-out phone, but lets a reply inside its window through", async () => {
      const clock = fixedClock(T0);
      await optIn(
        t.db,
        { phone: P1, source: "checkout", dedupeKey: "in1", at: new Date(Date.parse(T0) - 3 * DAY) },
        clock,
      );
      await optOut(
        t.db,
        { phone: P1, source: "keyword", dedupeKey: "out1", at: new Date(Date.parse(T0) - 60_000) },
        clock,
      );
      await noteInbound(t.db, P1, new Date(Date.parse(T0) - 60_000), clock);
      const out = await enqueueMessages(
        t.db,
        [marketing(P1), utility(P1), text(P1, { flow: "broadcast" }), text(P1, { flow: "reply" })],
        { clock, settings: settings() },
      );
      expect(out.map((o) => o.outcome)).toEqual(["skipped", "skipped", "skipped", "queued"]);
      expect(out.slice(0, 3).map((o) => (o.outcome === "skipped" ? o.reason : ""))).toEqual([
        skipReasons.optedOut,
        skipReasons.optedOut,
        skipReasons.optedOut,
      ]);
    });

    it("follows opt-in, then opt-out, then opt-in again", async () => {
      const clock = fixedClock(T0);
      const base = Date.parse(T0);
      await optIn(t.db, { phone: P1, source: "checkout", dedupeKey: "a", at: new Date(base - 3000) }, clock);
      expect((await enqueueMessages(t.db, [utility(P1)], { clock, settings: settings() }))[0]!.outcome).toBe(
        "queued",
      );
      await optOut(t.db, { phone: P1, source: "keyword", dedupeKey: "b", at: new Date(base - 2000) }, clock);
      expect((await enqueueMessages(t.db, [utility(P1)], { clock, settings: settings() }))[0]!.outcome).toBe(
        "skipped",
      );
      await optIn(t.db, { phone: P1, source: "keyword", dedupeKey: "c", at: new Date(base - 1000) }, clock);
      expect((await enqueueMessages(t.db, [utility(P1)], { clock, settings: settings() }))[0]!.outcome).toBe(
        "queued",
      );
    });
  });

  describe("the 24-hour service window", () => {
    it("sends free-form only inside the window, as a free service message, consent or not", async () => {
      const clock = fixedClock(T0);
      const base = Date.parse(T0);
      await noteInbound(t.db, P1, new Date(base - 23 * 60 * 60 * 1000), clock);
      await noteInbound(t.db, P2, new Date(base - DAY), clock); // closed exactly now
      const out = await enqueueMessages(t.db, [text(P1), text(P2), text(P3)], {
        clock,
        settings: settings(),
      });
      expect(out.map((o) => o.outcome)).toEqual(["queued", "skipped", "skipped"]);
      expect(out[1]).toMatchObject({ reason: skipReasons.windowClosed });
      const [r1] = await rows(t.db);
      expect(r1).toMatchObject({ category: "service", status: "queued" });
      expect(Number(r1!.cost_paise)).toBe(0);
    });

    it("prices a utility template inside an open window at zero, outside at the utility price", async () => {
      const clock = fixedClock(T0);
      for (const p of [P1, P2])
        await optIn(t.db, { phone: p, source: "checkout", dedupeKey: `in-${p}` }, clock);
      await noteInbound(t.db, P1, new Date(Date.parse(T0) - 60_000), clock);
      await enqueueMessages(t.db, [utility(P1), utility(P2), marketing(P2)], { clock, settings: settings() });
      expect((await rows(t.db)).map((r) => Number(r.cost_paise))).toEqual([0, 12, 86]);
    });
  });

  describe("the contact-pressure budget (2 marketing messages per 7 days)", () => {
    beforeEach(async () => {
      await optIn(t.db, { phone: P1, source: "checkout", dedupeKey: "in-p1" }, fixedClock(T0));
    });

    it("queues one under budget", async () => {
      const clock = fixedClock(T0);
      await logged(t.db, P1, new Date(Date.parse(T0) - 3 * DAY));
      const [o] = await enqueueMessages(t.db, [marketing(P1)], { clock, settings: settings() });
      expect(o!.outcome).toBe("queued");
    });

    it("at budget, reschedules to the exact instant the oldest counted message leaves the window", async () => {
      const clock = fixedClock(T0);
      const oldest = new Date(Date.parse(T0) - 5 * DAY - 1234);
      await logged(t.db, P1, oldest);
      await logged(t.db, P1, new Date(Date.parse(T0) - DAY));
      const o = (await enqueueMessages(t.db, [marketing(P1)], { clock, settings: settings() }))[0]!;
      expect(o).toMatchObject({ outcome: "rescheduled" });
      if (o.outcome !== "rescheduled") throw new Error("not rescheduled");
      expect(o.notBefore.toISOString()).toBe(new Date(oldest.getTime() + 7 * DAY).toISOString());
      const [row] = (await rows(t.db)).filter((r) => r.idempotency_key === o.key);
      expect(row!.status).toBe("queued");
      expect(new Date(row!.not_before).toISOString()).toBe(o.notBefore.toISOString());
      expect(row!.reason).toContain(skipReasons.overBudget);
    });

    it("one over budget (three counted), waits for the second-oldest to leave", async () => {
      const clock = fixedClock(T0);
      const base = Date.parse(T0);
      await logged(t.db, P1, new Date(base - 6 * DAY));
      await logged(t.db, P1, new Date(base - 4 * DAY));
      await logged(t.db, P1, new Date(base - 2 * DAY), "delivered");
      const o = (await enqueueMessages(t.db, [marketing(P1)], { clock, settings: settings() }))[0]!;
      if (o.outcome !== "rescheduled") throw new Error(`expected rescheduled, got ${o.outcome}`);
      expect(o.notBefore.toISOString()).toBe(new Date(base + 3 * DAY).toISOString());
    });

    it("skips instead when the owner chose skip", async () => {
      const clock = fixedClock(T0);
      await logged(t.db, P1, new Date(Date.parse(T0) - DAY));
      await logged(t.db, P1, new Date(Date.parse(T0) - 2 * DAY), "queued");
      const [o] = await enqueueMessages(t.db, [marketing(P1)], {
        clock,
        settings: settings({ overBudget: "skip" }),
      });
      expect(o).toMatchObject({ outcome: "skipped", reason: skipReasons.overBudget });
      expect((await rows(t.db)).at(-1)!.status).toBe("skipped");
    });

    it("does not count failed or skipped messages, utility messages, or ones that left the window", async () => {
      const clock = fixedClock(T0);
      const base = Date.parse(T0);
      await logged(t.db, P1, new Date(base - DAY), "failed");
      await logged(t.db, P1, new Date(base - DAY), "skipped");
      await logged(t.db, P1, new Date(base - DAY), "sent", "utility");
      await logged(t.db, P1, new Date(base - 7 * DAY));
      await logged(t.db, P1, new Date(base - 3 * DAY));
      const [o] = await enqueueMessages(t.db, [marketing(P1)], { clock, settings: settings() });
      expect(o!.outcome).toBe("queued");
    });

    it("counts drafts earlier in the same batch", async () => {
      const clock = fixedClock(T0);
      const out = await enqueueMessages(t.db, [marketing(P1), marketing(P1), marketing(P1)], {
        clock,
        settings: settings(),
      });
      expect(out.map((o) => o.outcome)).toEqual(["queued", "queued", "rescheduled"]);
      if (out[2]!.outcome !== "rescheduled") throw new Error("not rescheduled");
      expect(out[2]!.notBefore.toISOString()).toBe(new Date(Date.parse(T0) + 7 * DAY).toISOString());
    });

    it("never exceeds the budget when enqueues for one phone race", async () => {
      const clock = fixedClock(T0);
      const s = settings({ overBudget: "skip" });
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          enqueueMessages(t.db, [marketing(P1), marketing(P1)], { clock, settings: s }),
        ),
      );
      const queued = results.flat().filter((o) => o.outcome === "queued").length;
      expect(queued).toBe(2);
      const [row] = await queryRows<{ n: string | number }>(
        t.db,
        sql`select count(*) as n from wa_messages where phone = ${P1} and status = 'queued'`,
      );
      expect(Number(row!.n)).toBe(2);
      expect((await rows(t.db)).length).toBe(12);
    });
  });

  describe("the messaging tier", () => {
    it("stops reaching new phones outside a window at the tier, but not phones already reached or in a window", async () => {
      const clock = fixedClock(T0);
      for (const p of [P1, P2, P3, P4])
        await optIn(t.db, { phone: p, source: "checkout", dedupeKey: `in-${p}` }, clock);
      await noteInbound(t.db, P4, new Date(Date.parse(T0) - 60_000), clock);
      const s = settings({ messagingTier: 2 });
      const first = await enqueueMessages(t.db, [utility(P1), utility(P2)], { clock, settings: s });
      expect(first.map((o) => o.outcome)).toEqual(["queued", "queued"]);
      const second = await enqueueMessages(t.db, [utility(P3), utility(P1), utility(P4)], {
        clock,
        settings: s,
      });
      expect(second.map((o) => o.outcome)).toEqual(["skipped", "queued", "queued"]);
      expect(second[0]).toMatchObject({ reason: skipReasons.tierReached });
      // A day later the rolling 24 h has emptied.
      clock.advance(DAY + 1);
      expect((await enqueueMessages(t.db, [utility(P3)], { clock, settings: s }))[0]!.outcome).toBe("queued");
    });
  });

  describe("idempotency", () => {
    it("writes one row per key: a repeat returns the existing row's id and status", async () => {
      const clock = fixedClock(T0);
      await optIn(t.db, { phone: P1, source: "checkout", dedupeKey: "in" }, clock);
      const d = utility(P1, { idempotencyKey: "order_update:o1:shipped" });
      const [a] = await enqueueMessages(t.db, [d], { clock, settings: settings() });
      const [b, c] = await enqueueMessages(t.db, [d, d], { clock, settings: settings() });
      expect(a!.outcome).toBe("queued");
      expect(b).toEqual({ key: d.idempotencyKey, outcome: "duplicate", id: a!.id, status: "queued" });
      expect(c).toEqual(b);
      expect(await rows(t.db)).toHaveLength(1);
    });

    it("within one batch, the second draft with a key is a duplicate of the first", async () => {
      const clock = fixedClock(T0);
      const d = marketing(P1, { idempotencyKey: "broadcast:1:p1" });
      const [a, b] = await enqueueMessages(t.db, [d, d], { clock, settings: settings() });
      expect(a!.outcome).toBe("skipped");
      expect(b).toMatchObject({ outcome: "duplicate", id: a!.id, status: "skipped" });
      expect(await rows(t.db)).toHaveLength(1);
    });

    it("racing enqueues of one key write one row", async () => {
      const clock = fixedClock(T0);
      await optIn(t.db, { phone: P1, source: "checkout", dedupeKey: "in" }, clock);
      const d = utility(P1, { idempotencyKey: "race:1" });
      const out = (
        await Promise.all(
          Array.from({ length: 5 }, () => enqueueMessages(t.db, [d], { clock, settings: settings() })),
        )
      ).flat();
      expect(out.filter((o) => o.outcome === "queued")).toHaveLength(1);
      expect(new Set(out.map((o) => o.id)).size).toBe(1);
      expect(await rows(t.db)).toHaveLength(1);
    });
  });

  describe("templates", () => {
    it("skips a template that is not approved or has a send problem recorded", async () => {
      const clock = fixedClock(T0);
      await optIn(t.db, { phone: P1, source: "checkout", dedupeKey: "in" }, clock);
      await t.db.execute(
        sql`insert into wa_templates (name, language, category, status, components, problem) values
            ('diwali_sale', 'en', 'MARKETING', 'APPROVED', '[]'::jsonb, '132001: template does not exist'),
            ('order_shipped', 'en', 'UTILITY', 'PAUSED', '[]'::jsonb, null),
            ('cart_reminder', 'en', 'MARKETING', 'APPROVED', '[]'::jsonb, null)`,
      );
      const out = await enqueueMessages(
        t.db,
        [
          marketing(P1),
          utility(P1),
          marketing(P1, { message: templateMessage("cart_reminder", "en", ["x"]) }),
        ],
        { clock, settings: settings() },
      );
      expect(out.map((o) => o.outcome)).toEqual(["skipped", "skipped", "queued"]);
      expect(out[0]).toMatchObject({ reason: expect.stringContaining("132001") });
      expect(out[1]).toMatchObject({ reason: expect.stringContaining("PAUSED") });
    });
  });

  it("refuses an invalid draft before writing anything", async () => {
    const clock = fixedClock(T0);
    await expect(
      enqueueMessages(t.db, [marketing(P1), { ...marketing(P1), phone: "+91 98" }], {
        clock,
        settings: settings(),
      }),
    ).rejects.toThrow(/draft 1 is invalid/);
    expect(await rows(t.db)).toHaveLength(0);
  });
});
