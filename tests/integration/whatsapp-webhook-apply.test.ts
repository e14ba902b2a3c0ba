import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db";
import { processInboundEvent, storeInbound } from "@/lib/inbox";
import { resolveInboundHandler } from "@/lib/ingest";
import { fixedClock, istDay } from "@/lib/time";
import { enqueueMessages } from "@/lib/whatsapp/outbox/enqueue";
import {
  applyWhatsAppPayloads,
  consentReplyKey,
  costBookingsSettled,
  envelopeName,
} from "@/lib/whatsapp/webhook";
import { engines, testDb, type TestDb } from "../support/db";
import { inboundBody, statusesBody, templateStatusBody } from "../support/whatsapp-webhook";

const T0 = "2026-11-20T06:30:00Z"; // 12:00 IST
const plus = (s: number) => new Date(new Date(T0).getTime() + s * 1000).toISOString();
const clock = fixedClock(plus(600));
const deps = { clock, enqueue: enqueueMessages };

let seq = 0;
async function seedMessage(db: Db, wamid: string, opts: { category?: string; status?: string } = {}) {
  await db.execute(
    sql`insert into wa_messages (idempotency_key, phone, kind, category, body, flow, status, wamid, sent_at, cost_paise)
        values (${`test:${wamid}:${++seq}`}, '919800000000', 'template', ${opts.category ?? "marketing"},
                '{}'::jsonb, 'broadcast', ${opts.status ?? "sent"}, ${wamid}, null, 86)`,
  );
}
async function message(db: Db, wamid: string) {
  const [r] = await queryRows<{
    status: string;
    wamid: string | null;
    error_code: number | null;
    reason: string | null;
    [k: string]: unknown;
  }>(
    db,
    sql`select status, wamid, error_code, reason, sent_at, delivered_at, read_at, failed_at, not_before, cost_paise
        from wa_messages where wamid = ${wamid} or idempotency_key like ${`test:${wamid}:%`}`,
  );
  const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
  return r
    ? {
        ...r,
        sent_at: iso(r.sent_at),
        delivered_at: iso(r.delivered_at),
        read_at: iso(r.read_at),
        failed_at: iso(r.failed_at),
        not_before: iso(r.not_before),
        cost_paise: Number(r.cost_paise),
      }
    : undefined;
}
async function subscriber(db: Db, phone: string) {
  const [r] = await queryRows<{ consent: string; last_inbound_at: unknown; opt_in_source: string | null }>(
    db,
    sql`select consent, last_inbound_at, opt_in_source from wa_subscribers where phone = ${phone}`,
  );
  return r
    ? {
        ...r,
        last_inbound_at: r.last_inbound_at ? new Date(r.last_inbound_at as string).toISOString() : null,
      }
    : undefined;
}
async function ledger(db: Db, phone: string) {
  return queryRows<{ action: string; source: string; dedupe_key: string }>(
    db,
    sql`select action, source, dedupe_key from wa_consent_events where phone = ${phone} order by id`,
  );
}
async function reply(db: Db, inboundWamid: string) {
  return queryRows<{ status: string; category: string; flow: string; body: { text: { body: string } } }>(
    db,
    sql`select status, category, flow, body from wa_messages where idempotency_key = ${consentReplyKey(inboundWamid)}`,
  );
}

describe.each(engines)("applying WhatsApp webhooks on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(() => t.drop());
  const apply = (...payloads: unknown[]) => applyWhatsAppPayloads(t.db, payloads, deps);

  describe("delivery statuses", () => {
    it("converge to the same row whatever the order and however often they arrive", async () => {
      await seedMessage(t.db, "wamid.A");
      await seedMessage(t.db, "wamid.B");
      const sent = (w: string) => ({ wamid: w, status: "sent", at: plus(1) });
      const delivered = (w: string) => ({ wamid: w, status: "delivered", at: plus(5) });
      const read = (w: string) => ({ wamid: w, status: "read", at: plus(30) });
      // A: in order, one POST each. B: read first, then delivered and sent in one batch, then all again.
      for (const s of [sent, delivered, read]) await apply(statusesBody(s("wamid.A")));
      await apply(statusesBody(read("wamid.B")));
      await apply(
        statusesBody(delivered("wamid.B")),
        statusesBody(sent("wamid.B")),
        statusesBody(read("wamid.B")),
      );
      await apply(statusesBody(sent("wamid.B"), delivered("wamid.B"), read("wamid.B")));
      const expected = {
        status: "read",
        sent_at: new Date(plus(1)).toISOString(),
        delivered_at: new Date(plus(5)).toISOString(),
        read_at: new Date(plus(30)).toISOString(),
        failed_at: null,
        error_code: null,
      };
      expect(await message(t.db, "wamid.A")).toMatchObject(expected);
      expect(await message(t.db, "wamid.B")).toMatchObject(expected);
    });

    it("a late 'delivered' after 'read' does not move the status back, and a later duplicate keeps the first time", async () => {
      await seedMessage(t.db, "wamid.C");
      await apply(statusesBody({ wamid: "wamid.C", status: "read", at: plus(20) }));
      await apply(statusesBody({ wamid: "wamid.C", status: "delivered", at: plus(10) }));
      await apply(statusesBody({ wamid: "wamid.C", status: "delivered", at: plus(15) }));
      expect(await message(t.db, "wamid.C")).toMatchObject({
        status: "read",
        delivered_at: new Date(plus(10)).toISOString(),
        read_at: new Date(plus(20)).toISOString(),
      });
    });

    it("writes 'sent' and 'read' reports as HOT updates: no index entry for a third of all status webhooks", async () => {
      // The backend's unflushed table statistics count updates and HOT updates (earlier
      // transactions' too, until they are flushed): the test reads them before and after.
      await seedMessage(t.db, "wamid.H");
      const hot = await t.db.transaction(async (tx) => {
        const counts = async () => {
          const [r] = await queryRows<{ updated: number | string; hot: number | string }>(
            tx,
            sql`select pg_stat_get_xact_tuples_updated('wa_messages'::regclass) as updated,
                       pg_stat_get_xact_tuples_hot_updated('wa_messages'::regclass) as hot`,
          );
          return [Number(r!.updated), Number(r!.hot)];
        };
        const after = async (spec: Parameters<typeof statusesBody>[0]) => {
          await applyWhatsAppPayloads(tx, [statusesBody(spec)], { ...deps, bookCosts: false });
          return counts();
        };
        const [updated0, hot0] = await counts();
        const since = async (spec: Parameters<typeof statusesBody>[0]) => {
          const [updated, hotUpdates] = await after(spec);
          return [updated! - updated0!, hotUpdates! - hot0!];
        };
        return [
          await since({ wamid: "wamid.H", status: "sent", at: plus(1) }),
          await since({ wamid: "wamid.H", status: "read", at: plus(30) }),
          // delivered_at is indexed (cost booking reads deliveries by day): a real index entry.
          await since({ wamid: "wamid.H", status: "delivered", at: plus(5) }),
        ];
      });
      expect(hot).toEqual([
        [1, 1],
        [2, 2],
        [3, 2],
      ]);
      expect(await message(t.db, "wamid.H")).toMatchObject({ status: "read" });
    });

    it("failed with a permanent code (131026) is final for a sent message and says why", async () => {
      await seedMessage(t.db, "wamid.F");
      const r = await apply(
        statusesBody({
          wamid: "wamid.F",
          status: "failed",
          at: plus(3),
          error: { code: 131026, title: "Message undeliverable", details: "Recipient is not on WhatsApp" },
        }),
      );
      expect(r.outcomes).toEqual([{ outcome: "processed" }]);
      await apply(statusesBody({ wamid: "wamid.F", status: "sent", at: plus(1) }));
      const m = await message(t.db, "wamid.F");
      expect(m).toMatchObject({
        status: "failed",
        error_code: 131026,
        failed_at: new Date(plus(3)).toISOString(),
      });
      expect(m!.reason).toMatch(/^131026: Message undeliverable .*Recipient is not on WhatsApp/);
    });

    it("a delivered report outranks an earlier failure; the failure stays on the row as history", async () => {
      await seedMessage(t.db, "wamid.FD");
      await seedMessage(t.db, "wamid.DF");
      const failed = (w: string) => ({
        wamid: w,
        status: "failed",
        at: plus(3),
        error: { code: 131026, title: "Message undeliverable" },
      });
      const delivered = (w: string) => ({ wamid: w, status: "delivered", at: plus(4) });
      await apply(statusesBody(failed("wamid.FD")));
      await apply(statusesBody(delivered("wamid.FD")));
      await apply(statusesBody(delivered("wamid.DF")));
      await apply(statusesBody(failed("wamid.DF")));
      const fd = await message(t.db, "wamid.FD");
      const df = await message(t.db, "wamid.DF");
      expect(fd).toMatchObject({ status: "delivered", error_code: 131026 });
      const same = (m: typeof fd) => ({ ...m, wamid: null, not_before: null });
      expect(same(df)).toEqual(same(fd));
    });

    it("a per-user marketing limit failure (131049) puts the message back in the queue for 24 h later", async () => {
      await seedMessage(t.db, "wamid.L");
      const body = statusesBody({
        wamid: "wamid.L",
        status: "failed",
        at: plus(2),
        error: {
          code: 131049,
          title: "This message was not delivered to maintain healthy ecosystem engagement.",
        },
      });
      await apply(body);
      const m = await message(t.db, "wamid.L");
      expect(m).toMatchObject({ status: "queued", wamid: null, error_code: 131049, failed_at: null });
      expect(m!.not_before).toBe(new Date(new Date(plus(2)).getTime() + 24 * 3600_000).toISOString());
      expect(m!.reason).toMatch(/^retrying after 131049/);
      // Meta's retry of the same report now matches nothing: the message is not requeued twice.
      const again = await apply(body);
      expect(again.outcomes[0]).toMatchObject({ outcome: "ignored" });
      expect((await message(t.db, "wamid.L"))!.not_before).toBe(m!.not_before);
    });

    it("a status for an unknown wamid is kept as ignored with the reason, the rest of the POST applied", async () => {
      await seedMessage(t.db, "wamid.K");
      const r = await apply(
        statusesBody(
          { wamid: "wamid.K", status: "delivered", at: plus(2) },
          { wamid: "wamid.UNKNOWN", status: "delivered", at: plus(2) },
        ),
      );
      expect(r.outcomes[0]!.outcome).toBe("ignored");
      expect((r.outcomes[0] as { reason: string }).reason).toMatch(
        /wamid\.UNKNOWN.*other statuses were applied/,
      );
      expect((await message(t.db, "wamid.K"))!.status).toBe("delivered");

      // Through the inbox: stored, marked ignored with the note, never retried.
      const body = statusesBody({ wamid: "wamid.NOPE", status: "read", at: plus(2) });
      const { id } = await storeInbound(t.db, {
        source: "whatsapp",
        externalId: "unknown-wamid-test",
        name: envelopeName(body as never),
        rawBody: JSON.stringify(body),
        payload: body,
      });
      expect(await processInboundEvent(t.db, id, resolveInboundHandler, clock)).toMatchObject({
        id,
        result: "ignored",
      });
      const [row] = await queryRows<{ status: string; note: string; attempts: number }>(
        t.db,
        sql`select status, note, attempts from inbound_events where id = ${id}`,
      );
      expect(row).toMatchObject({ status: "ignored", attempts: 1 });
      expect(row!.note).toMatch(/wamid\.NOPE/);
    });

    it("pricing sets the cost, and a delivered message's cost lands in the KPI spend of its IST day", async () => {
      await seedMessage(t.db, "wamid.P1", { category: "utility" });
      await seedMessage(t.db, "wamid.P2");
      await apply(
        statusesBody(
          {
            wamid: "wamid.P1",
            status: "delivered",
            at: plus(2),
            pricing: { billable: false, category: "utility" },
          },
          {
            wamid: "wamid.P2",
            status: "delivered",
            at: plus(2),
            pricing: { billable: true, category: "marketing" },
          },
        ),
      );
      expect((await message(t.db, "wamid.P1"))!.cost_paise).toBe(0);
      expect((await message(t.db, "wamid.P2"))!.cost_paise).toBe(86);
      await costBookingsSettled(t.db);
      const day = istDay(new Date(plus(2)));
      const [spend] = await queryRows<{ cost: string | number }>(
        t.db,
        sql`select cost_paise as cost from kpi_channel_costs where channel = 'whatsapp' and day = ${day}::date`,
      );
      // Independently: every delivered message with a cost on that IST day, summed.
      const [ref] = await queryRows<{ cost: string | number }>(
        t.db,
        sql`select coalesce(sum(cost_paise), 0) as cost from wa_messages
            where delivered_at is not null and (delivered_at at time zone 'Asia/Kolkata')::date = ${day}::date`,
      );
      expect(Number(spend!.cost)).toBe(Number(ref!.cost));
      expect(Number(spend!.cost)).toBeGreaterThanOrEqual(86);
    });
  });

  describe("customer messages", () => {
    it("STOP opts out at once, keyed by the inbound wamid, and queues one confirmation", async () => {
      const phone = "919811100001";
      const body = inboundBody({ wamid: "wamid.in.stop", from: phone, at: plus(0), text: "  Stop! " });
      expect((await apply(body)).outcomes).toEqual([{ outcome: "processed" }]);
      await apply(body); // Meta's retry
      expect(await subscriber(t.db, phone)).toMatchObject({ consent: "opted_out" });
      expect(await ledger(t.db, phone)).toEqual([
        { action: "opt_out", source: "keyword", dedupe_key: "wamid.in.stop" },
      ]);
      const r = await reply(t.db, "wamid.in.stop");
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ status: "queued", category: "service", flow: "reply" });
      expect(r[0]!.body.text.body).toMatch(/unsubscribed/);
    });

    it.each([
      ["बंद करो", "hi"],
      ["रुको।", "hi"],
      ["स्टॉप", "hi"],
      ["Band Karo", "en"],
      ["UNSUBSCRIBE", "en"],
      ["stop all", "en"],
      ["opt-out", "en"],
    ])("%s opts out", async (text, lang) => {
      const phone = `9198222${String(++seq).padStart(5, "0")}`;
      const wamid = `wamid.in.${seq}`;
      await apply(inboundBody({ wamid, from: phone, at: plus(0), text }));
      expect(await subscriber(t.db, phone)).toMatchObject({ consent: "opted_out" });
      const [r] = await reply(t.db, wamid);
      if (lang === "hi") expect(r!.body.text.body).toMatch(/सदस्यता बंद/);
      else expect(r!.body.text.body).toMatch(/unsubscribed/);
    });

    it("a sentence containing 'stop' is a conversation: the window opens, consent is untouched", async () => {
      const phone = "919811100002";
      await apply(inboundBody({ wamid: "wamid.in.opt", from: phone, at: plus(0), text: "START" }));
      await apply(
        inboundBody({
          wamid: "wamid.in.talk",
          from: phone,
          at: plus(60),
          text: "stop sending me the red saree? no, I love it",
        }),
      );
      expect(await subscriber(t.db, phone)).toMatchObject({
        consent: "opted_in",
        last_inbound_at: new Date(plus(60)).toISOString(),
      });
      expect(await reply(t.db, "wamid.in.talk")).toHaveLength(0);
    });

    it("START (and शुरू) after STOP opts back in with source keyword", async () => {
      const phone = "919811100003";
      await apply(inboundBody({ wamid: "wamid.in.s1", from: phone, at: plus(0), text: "STOP" }));
      await apply(inboundBody({ wamid: "wamid.in.s2", from: phone, at: plus(10), text: "start" }));
      expect(await subscriber(t.db, phone)).toMatchObject({ consent: "opted_in", opt_in_source: "keyword" });
      await apply(inboundBody({ wamid: "wamid.in.s3", from: phone, at: plus(20), text: "बंद" }));
      await apply(inboundBody({ wamid: "wamid.in.s4", from: phone, at: plus(30), text: "शुरू" }));
      expect(await subscriber(t.db, phone)).toMatchObject({ consent: "opted_in" });
      expect((await ledger(t.db, phone)).map((l) => l.action)).toEqual([
        "opt_out",
        "opt_in",
        "opt_out",
        "opt_in",
      ]);
      const [hi] = await reply(t.db, "wamid.in.s4");
      expect(hi!.body.text.body).toMatch(/जुड़ गए/);
    });

    it("a tapped STOP / OPT_OUT reply button opts out", async () => {
      const phone = "919811100004";
      await apply(
        inboundBody({
          wamid: "wamid.in.btn",
          from: phone,
          at: plus(0),
          button: { id: "OPT_OUT", title: "No more offers" },
        }),
      );
      expect(await subscriber(t.db, phone)).toMatchObject({ consent: "opted_out" });
    });

    it("a COD answer is kept once per order and answered: thanks for confirm, a pay link for pay online", async () => {
      const phone = "919811100009";
      await t.db.execute(
        sql`insert into orders (id, display_id, customer_id, status, payment_status, fulfillment_status, payment_method,
              currency_code, subtotal_paise, total_paise, placed_at, source_updated_at)
            values ('order_cod_1', 4512, 'cus_cod', 'pending', 'not_paid', 'not_fulfilled', 'cod', 'inr', 189900, 189900,
              ${plus(-600)}::timestamptz, ${plus(-600)}::timestamptz)`,
      );
      const tap = (wamid: string, id: string, at: number) =>
        apply(inboundBody({ wamid, from: phone, at: plus(at), button: { id, title: "Pay online" } }));
      const first = await tap("wamid.in.cod1", "cod_pay_online:order_cod_1", 0);
      expect(first.summary.inbound.cod_answer).toBe(1);
      // A re-delivery and a later change of mind: the first answer stands, each new tap is answered once.
      await tap("wamid.in.cod1", "cod_pay_online:order_cod_1", 0);
      await tap("wamid.in.cod2", "cod_confirm:order_cod_1", 60);
      const answers = await queryRows<{ answer: string; wamid: string }>(
        t.db,
        sql`select answer, wamid from wa_cod_answers where order_id = 'order_cod_1'`,
      );
      expect(answers).toEqual([{ answer: "pay_online", wamid: "wamid.in.cod1" }]);
      const replies = await queryRows<{
        idempotency_key: string;
        status: string;
        body: { text: { body: string } };
      }>(
        t.db,
        sql`select idempotency_key, status, body from wa_messages where idempotency_key like 'reply:cod:%' order by id`,
      );
      expect(replies.map((r) => [r.idempotency_key, r.status])).toEqual([
        ["reply:cod:wamid.in.cod1", "queued"],
        ["reply:cod:wamid.in.cod2", "queued"],
      ]);
      expect(replies[0]!.body.text.body).toContain("/account/orders/order_cod_1/pay?utm_source=whatsapp");
      expect(replies[1]!.body.text.body).toContain("#4512 is confirmed");
      // An answer for an order Kosha does not know is noted, not answered.
      const unknown = await tap("wamid.in.cod3", "cod_confirm:order_nope", 120);
      expect(unknown.summary.inbound).toMatchObject({ cod_answer: 0, noted: 1 });
    });

    it("each message refreshes the 24 h window; a re-delivered older one does not move it back", async () => {
      const phone = "919811100005";
      await apply(
        inboundBody({ wamid: "wamid.in.w1", from: phone, at: plus(0), text: "Is the Dabu saree in stock?" }),
      );
      expect((await subscriber(t.db, phone))!.last_inbound_at).toBe(new Date(plus(0)).toISOString());
      await apply(inboundBody({ wamid: "wamid.in.w2", from: phone, at: plus(3600), order: true }));
      expect((await subscriber(t.db, phone))!.last_inbound_at).toBe(new Date(plus(3600)).toISOString());
      await apply(
        inboundBody({ wamid: "wamid.in.w1", from: phone, at: plus(0), text: "Is the Dabu saree in stock?" }),
      );
      expect(await subscriber(t.db, phone)).toMatchObject({
        consent: "unknown",
        last_inbound_at: new Date(plus(3600)).toISOString(),
      });
    });
  });

  describe("template status updates", () => {
    it("set the template's status and Meta's reason", async () => {
      await t.db.execute(
        sql`insert into wa_templates (name, language, category, status, components, updated_at)
            values ('festive_offer', 'en', 'MARKETING', 'APPROVED', '[]'::jsonb, ${plus(-3600)}::timestamptz)`,
      );
      const r = await apply(templateStatusBody("festive_offer", "en", "PAUSED", "LOW_QUALITY"));
      expect(r.outcomes).toEqual([{ outcome: "processed" }]);
      const [row] = await queryRows<{ status: string; problem: string }>(
        t.db,
        sql`select status, problem from wa_templates where name = 'festive_offer'`,
      );
      expect(row).toEqual({ status: "PAUSED", problem: "LOW_QUALITY" });
      const unknown = await apply(templateStatusBody("no_such_template", "en", "APPROVED"));
      expect(unknown.outcomes[0]).toMatchObject({ outcome: "ignored" });
    });
  });
});
