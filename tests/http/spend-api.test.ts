import { describe, expect, it } from "vitest";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";

describe.each(servers())("ad spend API over HTTP on $engine", (server) => {
  const { baseUrl } = server;

  it("needs the owner", async () => {
    expect((await fetch(`${baseUrl}/api/v1/spend`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/v1/spend/template.csv`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/v1/spend/import`, { method: "POST", body: "x" })).status).toBe(401);
  });

  it("offers a template that imports as it is", async () => {
    const cookie = await ownerCookie(server);
    const tpl = await fetch(`${baseUrl}/api/v1/spend/template.csv`, { headers: { cookie } });
    expect(tpl.status).toBe(200);
    expect(tpl.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(tpl.headers.get("content-disposition")).toMatch(/attachment/);
    const csv = await tpl.text();
    expect(csv.split("\r\n")[0]).toBe("date,channel,spend_inr,note");
    const res = await fetch(`${baseUrl}/api/v1/spend/import`, {
      method: "POST",
      headers: { cookie, "content-type": "text/csv" },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: 2 });
  });

  it("answers a bad sheet with every row error and imports none of it", async () => {
    const cookie = await ownerCookie(server);
    const csv =
      "date,channel,spend_inr\r\n2024-03-01,instagram,100\r\n2024-03-02,tiktok,100\r\n2024-03-03,paid,1.234\r\n";
    const res = await fetch(`${baseUrl}/api/v1/spend/import`, {
      method: "POST",
      headers: { cookie },
      body: csv,
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { code: string; issues: { row: number; column: string }[] };
    };
    expect(error.code).toBe("invalid_csv");
    expect(error.issues.map((i) => [i.row, i.column])).toEqual([
      [3, "channel"],
      [4, "spend_inr"],
    ]);
    const list = await fetch(`${baseUrl}/api/v1/spend?from=2024-03-01&to=2024-03-03`, {
      headers: { cookie },
    });
    expect(((await list.json()) as { rows: unknown[] }).rows).toEqual([]);
  });

  it("takes a manual entry and lists it with totals", async () => {
    const cookie = await ownerCookie(server);
    const post = await fetch(`${baseUrl}/api/v1/spend`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ day: "2024-04-10", channel: "youtube", spendInr: "1,250.50", note: "pre-roll" }),
    });
    expect(post.status).toBe(201);
    const bad = await fetch(`${baseUrl}/api/v1/spend`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ day: "2024-04-10", channel: "direct", spendInr: "5" }),
    });
    expect(bad.status).toBe(400);
    const list = await fetch(`${baseUrl}/api/v1/spend?from=2024-04-10&to=2024-04-10`, {
      headers: { cookie },
    });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({
      rows: [
        { day: "2024-04-10", channel: "youtube", spendPaise: 125050, source: "manual", note: "pre-roll" },
      ],
      totalsByChannel: [{ channel: "youtube", spendPaise: 125050 }],
      totalPaise: 125050,
    });
    const wrong = await fetch(`${baseUrl}/api/v1/spend?from=2024-04-11&to=2024-04-10`, {
      headers: { cookie },
    });
    expect(wrong.status).toBe(400);
  });
});
