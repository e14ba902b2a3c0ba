import { describe, expect, it } from "vitest";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";

type TokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

describe.each(servers())("API tokens over HTTP on $engine", (server) => {
  const { baseUrl } = server;
  const json = (body: unknown) => ({ "content-type": "application/json", body: JSON.stringify(body) });

  it("creates a token with a session, uses it as Bearer, revokes it, and then it is refused", async () => {
    const cookie = await ownerCookie(server);
    const { body, ...headers } = json({ name: "http test script" });
    const created = await fetch(`${baseUrl}/api/v1/tokens`, {
      method: "POST",
      headers: { ...headers, cookie },
      body,
    });
    expect(created.status).toBe(201);
    const token = (await created.json()) as TokenView & { token: string };
    expect(token.token).toMatch(/^kosha_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: "http test script",
      prefix: token.token.slice(0, 12),
      revokedAt: null,
    });

    const bearer = { authorization: `Bearer ${token.token}` };
    const listed = await fetch(`${baseUrl}/api/v1/tokens`, { headers: bearer });
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { tokens: TokenView[] };
    const mine = list.tokens.find((t) => t.id === token.id);
    expect(mine).toMatchObject({ name: "http test script", revokedAt: null });
    expect(mine!.lastUsedAt).not.toBeNull();
    // The token itself and its hash never come back.
    expect(JSON.stringify(list)).not.toContain(token.token);
    expect(mine).not.toHaveProperty("tokenHash");

    const revoked = await fetch(`${baseUrl}/api/v1/tokens/${token.id}`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as TokenView).revokedAt).not.toBeNull();

    const after = await fetch(`${baseUrl}/api/v1/tokens`, { headers: bearer });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("answers 404 for an unknown token and 400 for a nameless one", async () => {
    const cookie = await ownerCookie(server);
    const missing = await fetch(`${baseUrl}/api/v1/tokens/no-such-token`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });

    const { body, ...headers } = json({ name: " " });
    const nameless = await fetch(`${baseUrl}/api/v1/tokens`, {
      method: "POST",
      headers: { ...headers, cookie },
      body,
    });
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({
      error: { code: "invalid_body", issues: [{ path: "name", message: expect.any(String) }] },
    });
  });
});
