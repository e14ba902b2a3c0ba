import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { servers } from "../support/servers";
import { attemptSignIn } from "../support/sign-in";

/** A fresh client address per call (sent as X-Forwarded-For), so these tests never throttle others. */
const uniqueIp = (() => {
  let n = 0;
  const run = randomBytes(2).readUInt16BE(0);
  return () => `10.${(run >> 8) & 255}.${run & 255}.${++n}`;
})();

describe.each(servers())("owner sign-in over HTTP on $engine", (server) => {
  const { baseUrl, ownerEmail, ownerPassword } = server;

  it("signs in through next-auth's credentials flow and the session opens the cockpit", async () => {
    const signIn = await attemptSignIn(baseUrl, ownerEmail, ownerPassword, { ip: uniqueIp() });
    expect(signIn.status).toBe(302);
    expect(signIn.location).toBe(`${baseUrl}/dashboard`);
    expect(signIn.sessionCookieSet).toBe(true);
    // Plain http on 127.0.0.1: the non-__Secure cookie name.
    expect(signIn.cookie).toMatch(/^next-auth\.session-token=/);

    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: signIn.cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user?: { email?: string } }).user?.email).toBe(ownerEmail);

    const dashboard = await fetch(`${baseUrl}/dashboard`, {
      headers: { cookie: signIn.cookie },
      redirect: "manual",
    });
    expect(dashboard.status).toBe(200);
    const html = await dashboard.text();
    expect(html).toContain(ownerEmail);
    for (const href of [
      "/dashboard",
      "/journey",
      "/segments",
      "/guard",
      "/spend",
      "/report",
      "/settings/tokens",
    ]) {
      expect(html).toContain(`href="${href}"`);
    }

    const tokensPage = await fetch(`${baseUrl}/settings/tokens`, { headers: { cookie: signIn.cookie } });
    expect(tokensPage.status).toBe(200);
    expect(await tokensPage.text()).toContain("API tokens");

    // Already signed in: /login sends the owner on to the cockpit.
    const login = await fetch(`${baseUrl}/login`, { headers: { cookie: signIn.cookie }, redirect: "manual" });
    expect([303, 307, 308]).toContain(login.status);
    expect(new URL(login.headers.get("location")!, baseUrl).pathname).toBe("/dashboard");
  });

  it("sends anyone without a session from the cockpit to /login", async () => {
    for (const path of ["/dashboard", "/settings/tokens"]) {
      const res = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
      expect([303, 307, 308]).toContain(res.status);
      expect(new URL(res.headers.get("location")!, baseUrl).pathname).toBe("/login");
    }
    const forged = await fetch(`${baseUrl}/dashboard`, {
      headers: { cookie: "next-auth.session-token=not-a-real-jwt" },
      redirect: "manual",
    });
    expect(new URL(forged.headers.get("location")!, baseUrl).pathname).toBe("/login");
    const home = await fetch(`${baseUrl}/`, { redirect: "manual" });
    expect(new URL(home.headers.get("location")!, baseUrl).pathname).toBe("/dashboard");
    const login = await fetch(`${baseUrl}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('type="password"');
  });

  it("refuses a wrong password without a session", async () => {
    const signIn = await attemptSignIn(baseUrl, ownerEmail, "not the password at all", { ip: uniqueIp() });
    expect(signIn.sessionCookieSet).toBe(false);
    expect(signIn.error).toBe("CredentialsSignin");
    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: signIn.cookie } });
    expect(await session.json()).toEqual({});
  });

  it("refuses the 6th attempt for one email after 5 failures, whatever the address", async () => {
    const email = `locked-${randomBytes(4).toString("hex")}@kosha.test`;
    for (let i = 1; i <= 5; i++) {
      const a = await attemptSignIn(baseUrl, email, `guess number ${i}`, { ip: uniqueIp() });
      expect(a.error, `attempt ${i}`).toBe("CredentialsSignin");
    }
    const sixth = await attemptSignIn(baseUrl, email, "guess number 6", { ip: uniqueIp() });
    expect(sixth.sessionCookieSet).toBe(false);
    expect(sixth.error).toMatch(/^RateLimited:\d+$/);
    const retryAfter = Number(sixth.error!.split(":")[1]);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // next-auth's error hop lands on the login page, which explains the pause.
    const errorHop = await fetch(new URL(sixth.location!, baseUrl), { redirect: "manual" });
    const loginUrl = new URL(errorHop.headers.get("location")!, baseUrl);
    expect(loginUrl.pathname).toBe("/login");
    const page = await (await fetch(loginUrl)).text();
    expect(page).toContain("Too many failed sign-in attempts");
  });

  it("refuses an address after 20 failures, even with the owner's right password; other addresses still work", async () => {
    const ip = uniqueIp();
    for (let i = 1; i <= 20; i++) {
      const a = await attemptSignIn(
        baseUrl,
        `nobody-${i}-${randomBytes(3).toString("hex")}@kosha.test`,
        "guess",
        { ip },
      );
      expect(a.error, `attempt ${i}`).toBe("CredentialsSignin");
    }
    const refused = await attemptSignIn(baseUrl, ownerEmail, ownerPassword, { ip });
    expect(refused.sessionCookieSet).toBe(false);
    expect(refused.error).toMatch(/^RateLimited:\d+$/);

    const elsewhere = await attemptSignIn(baseUrl, ownerEmail, ownerPassword, { ip: uniqueIp() });
    expect(elsewhere.sessionCookieSet).toBe(true);
  });
});
