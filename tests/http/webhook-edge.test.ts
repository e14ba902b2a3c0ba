import { describe, expect, it } from "vitest";
import { signatureHeader } from "@/lib/medusa";
import { whatsappSignature } from "@/lib/whatsapp/webhook";
import type { AppServerInfo } from "../support/app-server";
import { servers } from "../support/servers";
import { statusesBody } from "../support/whatsapp-webhook";

/*
 * The webhook edge (KOSHA_WEBHOOK_PORT) serves the same handlers as the Next.js routes: each
 * case sends the same request to both and expects the same answer, plus what only the edge
 * decides itself (unknown paths and methods, bodies cut off while reading).
 */
const list = servers();

describe.each(list.map((s) => [s.engine, s] as [string, AppServerInfo]))(
  "the webhook edge on %s",
  (engine, server) => {
    const p = `edge_${engine}_${Date.now().toString(36)}`;
    const both = [
      ["next", server.baseUrl],
      ["edge", server.webhookUrl],
    ] as const;

    const post = (base: string, path: string, body: string, headers: Record<string, string>) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });

    it("answers Meta's handshake like the app does", async () => {
      const q = (token: string) =>
        `/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=ch_${p}`;
      for (const [, base] of both) {
        const ok = await fetch(`${base}${q(server.env.WHATSAPP_VERIFY_TOKEN!)}`);
        expect(ok.status).toBe(200);
        expect(await ok.text()).toBe(`ch_${p}`);
        expect((await fetch(`${base}${q("wrong")}`)).status).toBe(403);
      }
    });

    it("stores a signed WhatsApp webhook once, whichever door it came through", async () => {
      const body = JSON.stringify(statusesBody({ wamid: `wamid.${p}.1`, status: "sent", at: new Date() }));
      const sig = { "x-hub-signature-256": whatsappSignature(server.env.WHATSAPP_APP_SECRET!, body) };
      const first = await post(server.webhookUrl, "/api/webhooks/whatsapp", body, sig);
      expect(first.status).toBe(200);
      expect(((await first.json()) as { status: string }).status).toBe("accepted");
      const again = await post(server.baseUrl, "/api/webhooks/whatsapp", body, sig);
      expect(((await again.json()) as { status: string }).status).toBe("duplicate");
      const forged = { "x-hub-signature-256": whatsappSignature("not-the-secret", body) };
      for (const [, base] of both)
        expect((await post(base, "/api/webhooks/whatsapp", body, forged)).status).toBe(401);
    });

    it("accepts a signed Medusa event and refuses forged and malformed ones the same way", async () => {
      const body = JSON.stringify({
        id: `${p}_evt`,
        name: "product.updated",
        data: { id: `${p}_prod` },
        occurred_at: new Date().toISOString(),
      });
      const res = await post(server.webhookUrl, "/api/webhooks/medusa", body, {
        "x-kosha-signature": signatureHeader(server.env.MEDUSA_WEBHOOK_SECRET!, body),
      });
      expect(res.status).toBe(202);
      const dup = await post(server.baseUrl, "/api/webhooks/medusa", body, {
        "x-kosha-signature": signatureHeader(server.env.MEDUSA_WEBHOOK_SECRET!, body),
      });
      expect(dup.status).toBe(200);
      const bad = "{not json";
      const answers = [];
      for (const [, base] of both) {
        const r = await post(base, "/api/webhooks/medusa", bad, {
          "x-kosha-signature": signatureHeader(server.env.MEDUSA_WEBHOOK_SECRET!, bad),
        });
        answers.push([r.status, ((await r.json()) as { error: { code: string } }).error.code]);
        expect(
          (await post(base, "/api/webhooks/medusa", body, { "x-kosha-signature": "t=1,v1=00" })).status,
        ).toBe(401);
      }
      expect(answers).toEqual([
        [400, "invalid_body"],
        [400, "invalid_body"],
      ]);
    });

    it("refuses an oversized body with 413, and answers 404/405 for what it does not serve", async () => {
      const big = "x".repeat(1024 * 1024 + 10);
      expect((await post(server.webhookUrl, "/api/webhooks/whatsapp", big, {})).status).toBe(413);
      expect((await post(server.webhookUrl, "/api/v1/kpis", "{}", {})).status).toBe(404);
      expect((await fetch(`${server.webhookUrl}/api/webhooks/medusa`)).status).toBe(405);
    });
  },
);
