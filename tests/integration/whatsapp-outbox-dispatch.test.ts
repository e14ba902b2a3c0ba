import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { fixedClock, type Clock } from "@/lib/time";
import { listMessages, messageLogQuerySchema } from "@/lib/whatsapp/cockpit/message-log";
import {
  cancelBroadcast,
  createSandboxTransport,
  defaultWhatsAppSettings,
  dispatchDue,
  enqueueMessages,
  graphError,
  optIn,
  pauseBroadcast,
  resetPacers,
  templateMessage,
  type GraphRequest,
  type GraphResponse,
  type MessageDraft,
  type WaPhone,
  type WhatsAppSettings,
  type WhatsAppTransport,
} from "@/lib/whatsapp";
import { engines, testDb, type TestDb } from "../support/db";
import { virtualTime } from "../support/virtual-time";

const DAY = 24 * 60 * 60 * 1000;
const T0 = "2025-06-10T10:00:00.000Z";
const phone = (i: number) => `9198000${String(i).padStart(5, "0")}` as WaPhone;
const settings = (over: Partial<WhatsAppSettings> = {}): WhatsAppSettings => ({
  ...defaultWhatsAppSettings(),
  messagingTier: 0,
  throughputPerSecond: 1000,
  ...over,
});

let keySeq = 0;
const draft = (p: string, template = "order_shipped", over: Partial<MessageDraft> = {}): MessageDraft => ({
  idempotencyKey: `d:${++keySeq}`,
  phone: p,
  category: "utility",
  flow: "order_update",
  message: templateMessage(template, "en", ["#1"]),
  ...over,
});

/** Opted-in phones with one queued utility message each (or `per` messages). */
async function queue(db: Db, clock: Clock, phones: string[], per = 1, template = "order_shipped") {
  for (const p of phones)
    await optIn(db, { phone: p as WaPhone, source: "checkout", dedupeKey: `in:${p}` }, clock);
  const drafts = phones.flatMap((p) => Array.from({ length: per }, () => draft(p, template)));
  const out = await enqueueMessages(db, drafts, { clock, settings: settings() });
  expect(out.every((o) => o.outcome === "queued")).toBe(true);
  return out.map((o) => o.id);
}

interface Scripted extends WhatsAppTransport {
  calls: { to: string; at: number; body: unknown }[];
}
/** A Graph stand-in answering per recipient from a script (then success), noting when each call came. */
function scripted(
  clock: Clock,
  script: Record<string, GraphResponse[]> = {},
  always?: (to: string) => GraphResponse | undefined,
): Scripted {
  const calls: Scripted["calls"] = [];
  let n = 0;
  return {
    mode: "sandbox",
    calls,
    async request(req: GraphRequest) {
      const body = req.body as { to: string };
      calls.push({ to: body.to, at: clock.now().getTime(), body });
      const forced = always?.(body.to) ?? script[body.to]?.shift();
      if (forced) return forced;
      return {
        status: 200,
        body: {
          messaging_product: "whatsapp",
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id: `wamid.test.${++n}` }],
        },
      };
    },
  };
}

interface Row extends Record<string, unknown> {
  id: string | number;
  phone: string;
  status: string;
  attempts: number;
  error_code: number | null;
  reason: string | null;
  wamid: string | null;
  not_before: Date | string;
  sent_at: Date | string | null;
  locked_until: Date | string | null;
}
const rows = async (db: Db) =>
  queryRows<Row>(
    db,
    sql`select id, phone, status, attempts, error_code, reason, wamid, not_before, sent_at, locked_until from wa_messages order by id`,
  );
const iso = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString());

describe.each(engines)("dispatching the WhatsApp outbox on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    resetPacers();
    await t.db.execute(
      sql`truncate wa_messages, wa_subscribers, wa_consent_events, wa_templates, channel_sandbox_requests restart identity`,
    );
  });

  it("sends due rows through the sandbox, records wamid and sent_at, and logs every request with its answer", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1), phone(2), phone(3)]);
    // One row Meta would refuse (a body that skipped the outbox's validation).
    await t.db.execute(
      sql`insert into wa_messages (idempotency_key, phone, kind, category, body, flow, status, not_before)
          values ('bad', ${phone(4)}, 'text', 'service', ${JSON.stringify({ type: "text", text: { body: "" } })}::jsonb, 'reply', 'queued', ${T0}::timestamptz)`,
    );
    const transport = createSandboxTransport(t.db, { clock });
    const s = await dispatchDue(t.db, {
      transport,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-1",
    });
    expect(s).toEqual({ claimed: 4, sent: 3, requeued: 0, failed: 1 });
    const r = await rows(t.db);
    for (const row of r.slice(0, 3)) {
      expect(row.status).toBe("sent");
      expect(row.wamid).toMatch(/^wamid\.sandbox\./);
      expect(row.sent_at).not.toBeNull();
      expect(row.locked_until).toBeNull();
    }
    expect(r[3]).toMatchObject({ status: "failed", error_code: 100 });
    const log = await queryRows<{
      path: string;
      status: number;
      body: { to: string };
      response: Record<string, unknown>;
    }>(t.db, sql`select path, status, body, response from channel_sandbox_requests order by id`);
    expect(log).toHaveLength(4);
    expect(log.every((l) => l.path === "/pn-1/messages")).toBe(true);
    expect(log.filter((l) => l.status === 200)).toHaveLength(3);
    const ok = log.find((l) => l.status === 200)!;
    expect(ok.response).toMatchObject({ messaging_product: "whatsapp", contacts: [{ wa_id: ok.body.to }] });
    expect(r.map((x) => x.wamid)).toContain((ok.response as { messages: { id: string }[] }).messages[0]!.id);
    expect(log.find((l) => l.status === 400)!.response).toMatchObject({
      error: { code: 100, type: "OAuthException", fbtrace_id: expect.any(String) },
    });
    // Nothing left to send.
    expect(
      await dispatchDue(t.db, { transport, clock, sleep, settings: settings(), phoneNumberId: "pn-1" }),
    ).toMatchObject({ claimed: 0 });
  });

  it("records each wamid while the batch is still sending, so an early status webhook finds its message", async () => {
    const { clock, sleep } = virtualTime(T0);
    const [firstId] = await queue(t.db, clock, [phone(1), phone(2), phone(3)]);
    const inner = scripted(clock);
    let seenWhileSending: string | null = null;
    const transport: WhatsAppTransport = {
      mode: "sandbox",
      async request(req) {
        if (inner.calls.length === 2) {
          // The third send, a second after the first (2/s): the first message's wamid must be
          // on record by now, as Meta's delivered status for it may already be arriving.
          const until = Date.now() + 2000;
          while (seenWhileSending === null && Date.now() < until) {
            const [r] = await queryRows<{ wamid: string | null }>(
              t.db,
              sql`select wamid from wa_messages where id = ${firstId}`,
            );
            seenWhileSending = r?.wamid ?? null;
            if (seenWhileSending === null) await new Promise((res) => setTimeout(res, 20));
          }
        }
        return inner.request(req);
      },
    };
    const s = await dispatchDue(t.db, {
      transport,
      clock,
      sleep,
      settings: settings({ throughputPerSecond: 2 }),
      phoneNumberId: "pn-early",
    });
    expect(s.sent).toBe(3);
    expect(seenWhileSending).toBe("wamid.test.1");
  });

  it("130429: requeues the refused rows and pauses the whole number before sending on", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [1, 2, 3, 4, 5, 6].map(phone));
    const throttled = graphError(130429, "(#130429) Rate limit hit");
    const fake = scripted(clock, { [phone(1)]: [throttled], [phone(2)]: [throttled] });
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings({ throughputPerSecond: 10 }),
      phoneNumberId: "pn-2",
      concurrency: 1,
    });
    expect(s).toMatchObject({ claimed: 6, sent: 4, requeued: 2, failed: 0 });
    const r = await rows(t.db);
    const refused = r.filter((x) => x.status === "queued");
    expect(refused.map((x) => x.phone)).toEqual([phone(1), phone(2)]);
    expect(refused.every((x) => x.error_code === 130429 && x.attempts === 1)).toBe(true);
    // Phone 1 failed at T0: it may be retried 2 s later, and nothing was sent in between.
    expect(iso(refused[0]!.not_before)).toBe(new Date(Date.parse(T0) + 2000).toISOString());
    const afterFirst = fake.calls.filter((c) => c.to !== phone(1));
    expect(afterFirst[0]!.at).toBeGreaterThanOrEqual(Date.parse(T0) + 2000);
    expect(afterFirst[1]!.at).toBeGreaterThanOrEqual(afterFirst[0]!.at + 2000);
    // Once due again they go out.
    clock.advance(10_000);
    const again = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-2",
    });
    expect(again).toMatchObject({ claimed: 2, sent: 2 });
    expect((await rows(t.db)).filter((x) => x.status === "sent")).toHaveLength(6);
  });

  it("131056: delays only that recipient's messages; others go", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1)], 2);
    await queue(t.db, clock, [phone(2)], 1);
    const fake = scripted(clock, { [phone(1)]: [graphError(131056, "(#131056) Pair rate limit hit")] });
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-3",
    });
    expect(s).toMatchObject({ claimed: 3, sent: 1, requeued: 2, failed: 0 });
    const r = await rows(t.db);
    const p1 = r.filter((x) => x.phone === phone(1));
    expect(p1.map((x) => x.status)).toEqual(["queued", "queued"]);
    for (const x of p1)
      expect(new Date(x.not_before).getTime()).toBeGreaterThanOrEqual(Date.parse(T0) + 6000);
    expect(p1[0]!.error_code).toBe(131056);
    expect(r.find((x) => x.phone === phone(2))!.status).toBe("sent");
  });

  it("131049: the marketing message waits 24 hours", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1)]);
    const fake = scripted(clock, {
      [phone(1)]: [graphError(131049, "(#131049) not delivered to maintain healthy ecosystem engagement")],
    });
    await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-4" });
    const [r] = await rows(t.db);
    expect(r).toMatchObject({ status: "queued", error_code: 131049 });
    expect(iso(r!.not_before)).toBe(new Date(Date.parse(T0) + DAY).toISOString());
    clock.advance(DAY - 1000);
    expect(
      await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-4" }),
    ).toMatchObject({ claimed: 0 });
  });

  it("131026 fails the message for good; 131047 fails it as needing a template", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1), phone(2)]);
    const fake = scripted(clock, {
      [phone(1)]: [graphError(131026, "(#131026) Message undeliverable")],
      [phone(2)]: [graphError(131047, "(#131047) Re-engagement message")],
    });
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-5",
    });
    expect(s).toMatchObject({ claimed: 2, sent: 0, failed: 2 });
    const [a, b] = await rows(t.db);
    expect(a).toMatchObject({ status: "failed", error_code: 131026 });
    expect(a!.reason).toMatch(/undeliverable/i);
    expect(b).toMatchObject({ status: "failed", error_code: 131047 });
    expect(b!.reason).toMatch(/template/);
    clock.advance(DAY);
    expect(
      await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-5" }),
    ).toMatchObject({ claimed: 0 });
  });

  it("132001: marks the template's problem, fails the send, and stops using that template", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1)], 1, "old_promo");
    const fake = scripted(clock, {
      [phone(1)]: [graphError(132001, "(#132001) Template name does not exist in the translation")],
    });
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-6",
    });
    expect(s).toMatchObject({ failed: 1 });
    const [tpl] = await queryRows<{ name: string; problem: string | null }>(
      t.db,
      sql`select name, problem from wa_templates`,
    );
    expect(tpl).toMatchObject({ name: "old_promo", problem: expect.stringContaining("132001") });
    // A row queued before the problem was known fails without another call; new ones are skipped.
    await t.db.execute(
      sql`insert into wa_messages (idempotency_key, phone, kind, category, template_name, body, flow, status, not_before)
          values ('late', ${phone(2)}, 'template', 'utility', 'old_promo', ${JSON.stringify(templateMessage("old_promo", "en", ["x"]))}::jsonb, 'order_update', 'queued', ${T0}::timestamptz)`,
    );
    const calls = fake.calls.length;
    const s2 = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-6",
    });
    expect(s2).toMatchObject({ claimed: 1, failed: 1, sent: 0 });
    expect(fake.calls.length).toBe(calls);
    await optIn(t.db, { phone: phone(3), source: "checkout", dedupeKey: "p3" }, clock);
    const [o] = await enqueueMessages(t.db, [draft(phone(3), "old_promo")], { clock, settings: settings() });
    expect(o!.outcome).toBe("skipped");
  });

  it("an expired token halts the number: the row and the rest of the batch wait, later calls claim nothing", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [1, 2, 3].map(phone));
    const fake = scripted(clock, {
      [phone(1)]: [graphError(190, "Error validating access token", undefined, 401)],
    });
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-7",
      concurrency: 1,
    });
    expect(s).toMatchObject({ claimed: 3, sent: 0, requeued: 3, failed: 0 });
    expect(s.haltedUntil).toBeInstanceOf(Date);
    expect(s.haltReason).toMatch(/token/);
    expect(fake.calls).toHaveLength(1);
    const r = await rows(t.db);
    expect(r.every((x) => x.status === "queued")).toBe(true);
    expect(r.map((x) => x.attempts)).toEqual([0, 0, 0]);
    expect(
      await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-7" }),
    ).toMatchObject({ claimed: 0 });
  });

  it("re-claims rows whose dispatcher died mid-send once the lease has expired", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1), phone(2)]);
    const past = new Date(Date.parse(T0) - 1000).toISOString();
    const future = new Date(Date.parse(T0) + 60_000).toISOString();
    // Two rows a dead dispatcher claimed ("sending": queued with a lease), one lease expired.
    await t.db.execute(
      sql`update wa_messages set attempts = 1, locked_until = ${past}::timestamptz where phone = ${phone(1)}`,
    );
    await t.db.execute(
      sql`update wa_messages set attempts = 1, locked_until = ${future}::timestamptz where phone = ${phone(2)}`,
    );
    const fake = scripted(clock);
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-8",
    });
    expect(s).toMatchObject({ claimed: 1, sent: 1 });
    const [a, b] = await rows(t.db);
    expect(a).toMatchObject({ status: "sent", attempts: 2, locked_until: null });
    expect(b).toMatchObject({ status: "queued", attempts: 1 });
    expect(iso(b!.locked_until)).toBe(future);
    const log = await listMessages(t.db, messageLogQuerySchema.parse({ status: "sending" }));
    expect(log.items.map((m) => [m.phone, m.status])).toEqual([[phone(2), "sending"]]);
    clock.advance(61_000);
    expect(
      await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-8" }),
    ).toMatchObject({ claimed: 1, sent: 1 });
  });

  it("leaves a row that is being sent to its dispatcher: pause and cancel pass it by", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1), phone(2), phone(3)]);
    const [{ id }] = (await queryRows<{ id: number }>(
      t.db,
      sql`insert into wa_broadcasts (name, segment_key, template_name, language, status, rate_per_second)
          values ('Lohri drop', 'vip', 'order_shipped', 'en', 'sending', 80) returning id`,
    )) as [{ id: number }];
    await t.db.execute(sql`update wa_messages set broadcast_id = ${id}`);
    const inner = scripted(clock);
    let interrupted = false;
    const transport: WhatsAppTransport = {
      mode: "sandbox",
      async request(req) {
        if (!interrupted) {
          interrupted = true;
          // While the first message is on its way, the owner pauses and then cancels the
          // broadcast: the three claimed rows are in flight and must finish as sent.
          await pauseBroadcast(t.db, id);
          await cancelBroadcast(t.db, id, { clock });
        }
        return inner.request(req);
      },
    };
    const s = await dispatchDue(t.db, {
      transport,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-9",
    });
    expect(s).toMatchObject({ claimed: 3, sent: 3 });
    const r = await rows(t.db);
    expect(r.map((x) => [x.status, x.reason, iso(x.not_before), x.locked_until])).toEqual(
      r.map(() => ["sent", null, T0, null]),
    );

    // A fourth, queued after the cancel reached the table, is not in flight: cancel takes it.
    await queue(t.db, clock, [phone(4)]);
    await t.db.execute(sql`update wa_messages set broadcast_id = ${id} where phone = ${phone(4)}`);
    await t.db.execute(sql`update wa_broadcasts set status = 'sending' where id = ${id}`);
    await cancelBroadcast(t.db, id, { clock });
    const [fourth] = (await rows(t.db)).filter((x) => x.phone === phone(4));
    expect([fourth!.status, fourth!.reason]).toEqual(["skipped", "broadcast canceled"]);
  });

  it("claims and reads without touching an indexed column, into pages that keep room for it (HOT updates)", async () => {
    // If an index ever covers the lease or the attempt count, every claim writes a new entry in
    // every index of the table again; this says so before a benchmark has to.
    const defs = await queryRows<{ def: string }>(
      t.db,
      sql`select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'wa_messages'::regclass`,
    );
    expect(defs.length).toBeGreaterThan(3);
    for (const { def } of defs) expect(def).not.toMatch(/locked_until|attempts/);
    // Likewise for status and read_at: a 'read' webhook, a third of all status webhooks, must not
    // touch an index either (the outbox's indexes read the generated queued flag).
    for (const { def } of defs) expect(def).not.toMatch(/\bstatus\b|read_at|sent_at/);
    expect(defs.some(({ def }) => /WHERE queued/.test(def))).toBe(true);
    const [rel] = await queryRows<{ opts: string[] | string | null }>(
      t.db,
      sql`select reloptions as opts from pg_class where oid = 'wa_messages'::regclass`,
    );
    expect(String(rel!.opts)).toContain("fillfactor=50");
  });

  it("never sends two messages to one phone within 6 s", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(t.db, clock, [phone(1)], 2);
    const fake = scripted(clock);
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-9",
    });
    expect(s).toMatchObject({ claimed: 2, sent: 1, requeued: 1 });
    const [a, b] = await rows(t.db);
    expect(b).toMatchObject({ status: "queued", attempts: 0 });
    expect(new Date(b!.not_before).getTime()).toBe(new Date(a!.sent_at!).getTime() + 6000);
    clock.advance(3000);
    expect(
      await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-9" }),
    ).toMatchObject({ claimed: 0 });
    clock.advance(3000);
    expect(
      await dispatchDue(t.db, { transport: fake, clock, sleep, settings: settings(), phoneNumberId: "pn-9" }),
    ).toMatchObject({ sent: 1 });
    expect(fake.calls[1]!.at - fake.calls[0]!.at).toBeGreaterThanOrEqual(6000);
  });

  it("paces sends at the number's throughput: 21 messages at 20/s take at least a second", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(
      t.db,
      clock,
      Array.from({ length: 21 }, (_, i) => phone(i + 1)),
    );
    const fake = scripted(clock);
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings({ throughputPerSecond: 20 }),
      phoneNumberId: "pn-10",
    });
    expect(s.sent).toBe(21);
    const at = fake.calls.map((c) => c.at).sort((a, b) => a - b);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(1000);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it("in real time, 6 messages at 25/s take at least 200 ms", async () => {
    const clock = fixedClock(T0);
    await queue(
      t.db,
      clock,
      Array.from({ length: 6 }, (_, i) => phone(i + 1)),
    );
    const { systemClock } = await import("@/lib/time");
    const fake = scripted(systemClock);
    await t.db.execute(sql`update wa_messages set not_before = now() - interval '1 second'`);
    const s = await dispatchDue(t.db, {
      transport: fake,
      clock: systemClock,
      settings: settings({ throughputPerSecond: 25 }),
      phoneNumberId: "pn-11",
    });
    expect(s.sent).toBe(6);
    const at = fake.calls.map((c) => c.at).sort((a, b) => a - b);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(199);
  });

  it("concurrent dispatchers claim disjoint rows: every message is sent exactly once", async () => {
    const { clock, sleep } = virtualTime(T0);
    await queue(
      t.db,
      clock,
      Array.from({ length: 40 }, (_, i) => phone(i + 1)),
    );
    const fake = scripted(clock);
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        dispatchDue(t.db, {
          transport: fake,
          clock,
          sleep,
          settings: settings(),
          phoneNumberId: "pn-12",
          limit: 15,
        }),
      ),
    );
    const again = await dispatchDue(t.db, {
      transport: fake,
      clock,
      sleep,
      settings: settings(),
      phoneNumberId: "pn-12",
    });
    expect(results.reduce((n, r) => n + r.sent, 0) + again.sent).toBe(40);
    expect(new Set(fake.calls.map((c) => c.to)).size).toBe(40);
    expect(fake.calls).toHaveLength(40);
  });
});
