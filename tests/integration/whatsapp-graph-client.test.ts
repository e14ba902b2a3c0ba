import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { createWhatsAppDispatchFunction } from "@/inngest/functions/whatsapp-dispatch";
import { fixedClock } from "@/lib/time";
import {
  createLiveTransport,
  createSandboxTransport,
  createWhatsAppClient,
  defaultWhatsAppSettings,
  enqueueMessages,
  NETWORK_ERROR_CODE,
  optIn,
  resetPacers,
  templateMessage,
  WhatsAppApiError,
  WhatsAppDispatcher,
  type WaPhone,
} from "@/lib/whatsapp";
import { engines, testDb, type TestDb } from "../support/db";

const T0 = "2025-06-10T10:00:00.000Z";

describe.each(engines)("the Graph client over the sandbox on %s", (engine) => {
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

  it("creates a template, lists it back and syncs it into wa_templates; refuses a bad one like Meta", async () => {
    const transport = createSandboxTransport(t.db, { clock: fixedClock(T0) });
    const client = createWhatsAppClient({ transport, phoneNumberId: "pn", wabaId: "waba-1" });
    const created = await client.createTemplate({
      name: "festive_drop",
      language: "en",
      category: "MARKETING",
      components: [{ type: "BODY", text: "Hi {{1}}, new Bagru prints are in" }],
    });
    expect(created).toMatchObject({ id: expect.stringMatching(/^sandbox-tpl-/), status: "PENDING" });
    await expect(
      client.createTemplate({
        name: "Bad Name",
        language: "en",
        category: "MARKETING",
        components: [{ type: "BODY" }],
      }),
    ).rejects.toMatchObject({ code: 100, httpStatus: 400, classification: { action: "fix_request" } });
    const listed = await client.listTemplates();
    expect(listed.map((x) => [x.name, x.status])).toEqual([["festive_drop", "APPROVED"]]);
    expect(await client.syncTemplates(t.db)).toEqual({ synced: 1 });
    const rows = await queryRows<{ name: string; status: string; category: string; external_id: string }>(
      t.db,
      sql`select name, status, category, external_id from wa_templates`,
    );
    expect(rows).toEqual([
      { name: "festive_drop", status: "APPROVED", category: "MARKETING", external_id: created.id },
    ]);
    await transport.flush();
    const log = await queryRows<{ method: string; path: string; status: number }>(
      t.db,
      sql`select method, path, status from channel_sandbox_requests order by id`,
    );
    expect(log.map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      "POST /waba-1/message_templates 200",
      "POST /waba-1/message_templates 400",
      "GET /waba-1/message_templates?limit=100 200",
      "GET /waba-1/message_templates?limit=100 200",
    ]);
  });

  it("pushes a catalog batch of up to 5000 items and returns the handle; refuses more before calling", async () => {
    const transport = createSandboxTransport(t.db, { clock: fixedClock(T0) });
    const client = createWhatsAppClient({ transport, phoneNumberId: "pn" });
    const items = Array.from({ length: 5000 }, (_, i) => ({
      method: "UPDATE" as const,
      data: { id: `SKU-${i}`, title: "Sanganeri dupatta", availability: "in stock", price: "1299.00 INR" },
    }));
    const { handle } = await client.catalogItemsBatch("cat-1", items);
    expect(handle).toMatch(/^sandbox-batch-/);
    expect(await client.catalogBatchStatus("cat-1", handle)).toMatchObject({ status: "finished", handle });
    await expect(client.catalogItemsBatch("cat-1", [...items, items[0]!])).rejects.toThrow(/at most 5000/);
    await transport.flush();
    const [row] = await queryRows<{ path: string; n: number }>(
      t.db,
      sql`select path, jsonb_array_length(body->'requests')::int as n from channel_sandbox_requests where path like '%items_batch'`,
    );
    expect(row).toEqual({ path: "/cat-1/items_batch", n: 5000 });
  });

  it("the in-process dispatcher sends what enqueue signals, without waiting for its poll", async () => {
    const clock = fixedClock(T0);
    const p = "919811111111" as WaPhone;
    await optIn(t.db, { phone: p, source: "checkout", dedupeKey: "x" }, clock);
    const transport = createSandboxTransport(t.db, { clock });
    const settings = { ...defaultWhatsAppSettings(), messagingTier: 0 };
    const d = new WhatsAppDispatcher({
      db: t.db,
      transport,
      phoneNumberId: "pn-d",
      clock,
      settings,
      pollIntervalMs: 60_000,
    });
    d.start();
    try {
      await d.kick(); // the first round finds nothing
      await enqueueMessages(
        t.db,
        [
          {
            idempotencyKey: "k",
            phone: p,
            category: "utility",
            flow: "order_update",
            message: templateMessage("order_shipped", "en", ["#9"]),
          },
        ],
        { clock, settings },
      );
      for (let i = 0; i < 100 && d.status().sent === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(d.status()).toMatchObject({ started: true, sent: 1, lastError: null });
    } finally {
      await d.stop();
    }
    const [m] = await queryRows<{ status: string }>(t.db, sql`select status from wa_messages`);
    expect(m!.status).toBe("sent");
  });

  it("the Inngest dispatch function drains due rows through the configured (sandbox) transport", async () => {
    const clock = fixedClock(new Date());
    const p = "919822222222" as WaPhone;
    await optIn(t.db, { phone: p, source: "checkout", dedupeKey: "y" }, clock);
    await enqueueMessages(
      t.db,
      [
        {
          idempotencyKey: "inngest:1",
          phone: p,
          category: "utility",
          flow: "order_update",
          message: templateMessage("order_placed", "en", ["#1"]),
        },
      ],
      { clock, settings: { ...defaultWhatsAppSettings(), messagingTier: 0 } },
    );
    const fn = createWhatsAppDispatchFunction({ getDb: async () => t.db, clock });
    const { result } = await new InngestTestEngine({ function: fn }).execute({
      events: [{ name: "whatsapp/outbox.queued", data: { queued: 1 } }],
    });
    expect(result).toMatchObject({ claimed: 1, sent: 1 });
    const [m] = await queryRows<{ status: string; wamid: string }>(
      t.db,
      sql`select status, wamid from wa_messages`,
    );
    expect(m).toMatchObject({ status: "sent", wamid: expect.stringMatching(/^wamid\.sandbox\./) });
  });
});

describe("the live transport", () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; auth: string | undefined; body: unknown }[] = [];
  let answer: (req: IncomingMessage) => { status: number; body: unknown; delayMs?: number } = () => ({
    status: 200,
    body: {},
  });
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let raw = "";
      for await (const c of req) raw += c;
      seen.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        body: raw ? JSON.parse(raw) : undefined,
      });
      const a = answer(req);
      if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
      res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("posts the message with the bearer token to the versioned path and returns the wamid", async () => {
    answer = () => ({
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [{ input: "919812345678", wa_id: "919812345678" }],
        messages: [{ id: "wamid.HBgL" }],
      },
    });
    const transport = createLiveTransport({ graphUrl: `${base}/`, apiVersion: "v23.0", token: "tok-123" });
    const client = createWhatsAppClient({ transport, phoneNumberId: "1055" });
    const msg = templateMessage("order_shipped", "en", ["#42", { paise: 49950 }]);
    expect(await client.sendMessage("919812345678", msg)).toEqual({ wamid: "wamid.HBgL" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/v23.0/1055/messages", auth: "Bearer tok-123" });
    expect(seen[0]!.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "919812345678",
      ...msg,
    });
  });

  it("turns Meta's error answer into a classified WhatsAppApiError", async () => {
    answer = () => ({
      status: 400,
      body: {
        error: {
          message: "(#131026) Message undeliverable",
          type: "OAuthException",
          code: 131026,
          error_data: { details: "x" },
          fbtrace_id: "f",
        },
      },
    });
    const client = createWhatsAppClient({
      transport: createLiveTransport({ graphUrl: base, apiVersion: "v23.0", token: "t" }),
      phoneNumberId: "1055",
    });
    const err = await client
      .sendMessage("919812345678", { type: "text", text: { body: "hi" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WhatsAppApiError);
    expect(err).toMatchObject({
      code: 131026,
      httpStatus: 400,
      details: "x",
      classification: { action: "permanent_recipient" },
    });
  });

  it("surfaces a refused connection and a timeout as retryable network errors", async () => {
    const refused = createWhatsAppClient({
      transport: createLiveTransport({ graphUrl: "http://127.0.0.1:1", apiVersion: "v23.0", token: "t" }),
      phoneNumberId: "1",
    });
    await expect(
      refused.sendMessage("919812345678", { type: "text", text: { body: "hi" } }),
    ).rejects.toMatchObject({
      code: NETWORK_ERROR_CODE,
      httpStatus: 0,
      classification: { action: "retry_later" },
    });
    answer = () => ({ status: 200, body: {}, delayMs: 500 });
    const slow = createWhatsAppClient({
      transport: createLiveTransport({ graphUrl: base, apiVersion: "v23.0", token: "t", timeoutMs: 100 }),
      phoneNumberId: "1",
    });
    await expect(
      slow.sendMessage("919812345678", { type: "text", text: { body: "hi" } }),
    ).rejects.toMatchObject({
      code: NETWORK_ERROR_CODE,
      title: expect.stringContaining("100 ms"),
      classification: { action: "retry_later" },
    });
  });
});
