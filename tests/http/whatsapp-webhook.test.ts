import { createHash } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { whatsappSignature } from "@/lib/whatsapp/webhook";
import type { AppServerInfo } from "../support/app-server";
import { servers } from "../support/servers";
import { inboundBody, statusesBody } from "../support/whatsapp-webhook";

/*
 * Real HTTP against the running apps (one per engine). On Postgres the test reads the app's
 * database directly; PGlite is single-process, so there it checks what HTTP shows: the answers
 * and /api/health's inbox counts.
 */
const list = servers();

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
  "/api/webhooks/whatsapp on %s",
  (engine, server) => {
    const secret = server.env.WHATSAPP_APP_SECRET!;
    const verifyToken = server.env.WHATSAPP_VERIFY_TOKEN!;
    const url = `${server.baseUrl}/api/webhooks/whatsapp`;
    const sql = server.env.DATABASE_URL
      ? postgres(server.env.DATABASE_URL, { max: 1, onnotice: () => {} })
      : null;
    afterAll(() => sql?.end());
    const p = `${engine}${Date.now().toString(36)}`;

    const post = (body: string, signature: string | null = whatsappSignature(secret, body)) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(signature ? { "x-hub-signature-256": signature } : {}),
        },
        body,
      });
    const hashOf = (body: string) => createHash("sha256").update(body).digest("hex");
    const storedCount = async (body: string) =>
      sql
        ? Number(
            (
              await sql`select count(*)::int as n from inbound_events where source = 'whatsapp' and external_id = ${hashOf(body)}`
            )[0]!.n,
          )
        : null;
    type Health = {
      inbox: { pending: number; processing: number; failed: number };
      runner: { processed: number; ignored: number; failed: number; retried: number };
    };
    const health = async () => (await (await fetch(`${server.baseUrl}/api/health`)).json()) as Health;
    const settled = () =>
      until("the inbox to settle", async () => {
        const h = await health();
        return h.inbox.pending === 0 && h.inbox.processing === 0 && h;
      });
    /** Events the in-process runner has finished, of any outcome: what this server applied. */
    const finished = (h: Health) => h.runner.processed + h.runner.ignored + h.runner.failed;

    describe("GET verification handshake", () => {
      const get = (q: Record<string, string>) => fetch(`${url}?${new URLSearchParams(q)}`);

      it("answers the raw challenge as text/plain when the verify token matches", async () => {
        const res = await get({
          "hub.mode": "subscribe",
          "hub.verify_token": verifyToken,
          "hub.challenge": "1158201444",
        });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
        expect(await res.text()).toBe("1158201444");
      });

      it("refuses a wrong token or mode with 403 and the reason", async () => {
        const wrong = await get({
          "hub.mode": "subscribe",
          "hub.verify_token": "guess",
          "hub.challenge": "1",
        });
        expect(wrong.status).toBe(403);
        expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("invalid_verify_token");
        const mode = await get({
          "hub.mode": "unsubscribe",
          "hub.verify_token": verifyToken,
          "hub.challenge": "1",
        });
        expect(mode.status).toBe(403);
      });
    });

    describe("POST", () => {
      const wamid = `wamid.${p}.1`;

      it("a signed status webhook is stored and answered 200; a replay is stored once and answered duplicate", async () => {
        const before = await settled();
        const body = JSON.stringify(statusesBody({ wamid, status: "delivered", at: new Date() }));
        const res = await post(body);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: "accepted", id: hashOf(body) });
        const replay = await post(body);
        expect(replay.status).toBe(200);
        expect(await replay.json()).toEqual({ status: "duplicate", id: hashOf(body) });
        if (sql) expect(await storedCount(body)).toBe(1);
        await new Promise((r) => setTimeout(r, 300));
        const after = await settled();
        // Applied once: one event finished (ignored: no message has that wamid), none failed.
        expect(finished(after) - finished(before)).toBe(1);
        expect(after.runner.ignored - before.runner.ignored).toBe(1);
        expect(after.inbox.failed).toBe(0);
        if (sql) {
          // No message with that wamid: kept as ignored with the reason, not retried.
          const [row] =
            await sql`select status, note, attempts from inbound_events where external_id = ${hashOf(body)}`;
          expect(row).toMatchObject({ status: "ignored", attempts: 1 });
          expect(row!.note).toContain(wamid);
        }
      });

      it("a signed STOP is applied: the phone is opted out and a confirmation is queued", async () => {
        const before = await settled();
        const phone = `9198${String(Date.now()).slice(-8)}`;
        const body = JSON.stringify(
          inboundBody({ wamid: `wamid.${p}.stop`, from: phone, at: new Date(), text: "STOP" }),
        );
        expect((await post(body)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 300));
        const after = await settled();
        // Applied (not ignored: nothing in it was unknown) exactly once.
        expect(after.runner.processed - before.runner.processed).toBe(1);
        expect(after.runner.ignored - before.runner.ignored).toBe(0);
        if (sql) {
          const [sub] = await sql`select consent from wa_subscribers where phone = ${phone}`;
          expect(sub).toMatchObject({ consent: "opted_out" });
          const replies =
            await sql`select category, status from wa_messages where idempotency_key = ${`reply:consent:wamid.${p}.stop`}`;
          expect(replies).toEqual([
            { category: "service", status: expect.stringMatching(/queued|sending|sent/) },
          ]);
        }
      });

      it("a forged or missing signature is refused with 401 and nothing is stored", async () => {
        const before = finished(await settled());
        const body = JSON.stringify(
          statusesBody({ wamid: `${wamid}.forged`, status: "read", at: new Date() }),
        );
        const forged = await post(body, whatsappSignature("not-the-app-secret", body));
        expect(forged.status).toBe(401);
        expect(((await forged.json()) as { error: { code: string; message: string } }).error).toMatchObject({
          code: "invalid_signature",
          message: expect.stringMatching(/does not match/),
        });
        const missing = await post(body, null);
        expect(missing.status).toBe(401);
        expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/missing/);
        // Signed for a different body: the signature covers the raw bytes.
        expect((await post(body, whatsappSignature(secret, `${body}\n`))).status).toBe(401);
        await new Promise((r) => setTimeout(r, 300));
        expect(finished(await settled())).toBe(before);
        if (sql) expect(await storedCount(body)).toBe(0);
      });

      it("a malformed body is refused with 400 and says what is wrong", async () => {
        const notJson = await post("{not json");
        expect(notJson.status).toBe(400);
        expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe("invalid_body");
        const wrongObject = JSON.stringify({ object: "page", entry: [] });
        const res = await post(wrongObject);
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/object/);
        const noMetadata = JSON.stringify({
          object: "whatsapp_business_account",
          entry: [{ id: "1", changes: [{ field: "messages", value: { statuses: [] } }] }],
        });
        const res2 = await post(noMetadata);
        expect(res2.status).toBe(400);
        expect(((await res2.json()) as { error: { message: string } }).error.message).toMatch(/metadata/);
        if (sql) expect(await storedCount(noMetadata)).toBe(0);
      });

      it("an oversized body is refused with 413", async () => {
        const big = JSON.stringify({
          object: "whatsapp_business_account",
          entry: [],
          pad: "x".repeat(1024 * 1024),
        });
        const res = await post(big);
        expect(res.status).toBe(413);
        if (sql) expect(await storedCount(big)).toBe(0);
      });
    });
  },
);
