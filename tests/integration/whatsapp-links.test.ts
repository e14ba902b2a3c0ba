import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { fixedClock } from "@/lib/time";
import { followLink, trackedLinks } from "@/lib/whatsapp/links";
import { engines, testDb, type TestDb } from "../support/db";

describe.each(engines)("tracked WhatsApp links on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    await t.db.execute(
      sql`insert into wa_messages (idempotency_key, phone, kind, category, body, flow, status)
          values ('cart_recovery:cart_9:1', '919829000001', 'template', 'marketing', '{}'::jsonb, 'cart_recovery', 'delivered')`,
    );
  });
  afterAll(() => t.drop());

  const target =
    "https://shop.example.in/checkout?cart=cart_9&utm_source=whatsapp&utm_campaign=cart_recovery";

  it("gives the same link for the same message and target, stored once", async () => {
    const [a] = await trackedLinks(t.db, "https://kosha.example.in/", [
      { messageKey: "cart_recovery:cart_9:1", target },
    ]);
    const [b] = await trackedLinks(t.db, "https://kosha.example.in", [
      { messageKey: "cart_recovery:cart_9:1", target },
    ]);
    expect(a).toEqual(b);
    expect(a!.url).toBe(`https://kosha.example.in/r/${a!.token}`);
    const [n] = await queryRows<{ n: number | string }>(t.db, sql`select count(*) n from wa_links`);
    expect(Number(n!.n)).toBe(1);
  });

  it("marks the message clicked at the first click, counts every click, and redirects to the stored target", async () => {
    const [link] = await trackedLinks(t.db, "https://kosha.example.in", [
      { messageKey: "cart_recovery:cart_9:1", target },
    ]);
    expect(await followLink(t.db, link!.token, fixedClock("2026-11-20T10:00:00Z"))).toBe(target);
    expect(await followLink(t.db, link!.token, fixedClock("2026-11-20T11:00:00Z"))).toBe(target);
    const [m] = await queryRows<{ clicked_at: Date | string }>(
      t.db,
      sql`select clicked_at from wa_messages where idempotency_key = 'cart_recovery:cart_9:1'`,
    );
    expect(new Date(m!.clicked_at).toISOString()).toBe("2026-11-20T10:00:00.000Z");
    const [l] = await queryRows<{ clicks: number; last: Date | string }>(
      t.db,
      sql`select clicks, last_clicked_at as last from wa_links where token = ${link!.token}`,
    );
    expect(l!.clicks).toBe(2);
    expect(new Date(l!.last).toISOString()).toBe("2026-11-20T11:00:00.000Z");
  });

  it("answers nothing for an unknown or malformed token", async () => {
    expect(await followLink(t.db, "AAAAAAAAAAAAAAAA", fixedClock("2026-11-20T10:00:00Z"))).toBeNull();
    expect(await followLink(t.db, "../../etc", fixedClock("2026-11-20T10:00:00Z"))).toBeNull();
  });
});
