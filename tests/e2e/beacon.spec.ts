import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { app, signIn } from "./support";

/*
 * A shopper on a storefront on another origin (localhost:<port>, the app is on 127.0.0.1:<port>)
 * arrives through an influencer's Instagram link, views a product and adds it to the cart; the
 * beacon loaded from Kosha records the visit, and the owner API shows it.
 */

// Chromium's headless user agent says "HeadlessChrome", which the collector drops as a bot.
const SHOPPER_UA =
  "Mozilla/5.0 (Linux; Android 13; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

let storefront: Server;
let shopUrl: string;

test.beforeAll(async () => {
  const page = (name: string) =>
    readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8").replaceAll(
      "{{KOSHA}}",
      app.baseUrl,
    );
  storefront = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file =
      url.pathname === "/"
        ? "storefront-home.html"
        : url.pathname === "/products/kota-doria"
          ? "storefront-product.html"
          : null;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(file));
  });
  await new Promise<void>((resolve) => storefront.listen(0, "localhost", resolve));
  shopUrl = `http://localhost:${(storefront.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => storefront.close(resolve));
});

test.use({ userAgent: SHOPPER_UA });

test("the storefront beacon records an influencer visit, a product view and an add-to-cart", async ({
  page,
}) => {
  const collected: number[] = [];
  page.on("response", (r) => {
    if (r.url().endsWith("/api/collect")) collected.push(r.status());
  });

  await page.goto(`${shopUrl}/?utm_source=instagram&utm_medium=social&ref=priya10`);
  await page.waitForFunction(
    () => (window as unknown as { kosha?: { __beacon?: boolean } }).kosha?.__beacon === true,
  );
  await page.getByRole("link", { name: "Kota Doria saree" }).click();
  await page.waitForURL(`${shopUrl}/products/kota-doria`);
  await page.waitForFunction(
    () => (window as unknown as { kosha?: { __beacon?: boolean } }).kosha?.__beacon === true,
  );
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added")).toBeVisible();
  const visitorId = await page.evaluate(() =>
    (window as unknown as { kosha: { visitorId(): string } }).kosha.visitorId(),
  );
  // First-party: the visitor id is a cookie on the storefront's own host.
  const shopCookies = await page.context().cookies(shopUrl);
  expect(shopCookies.find((c) => c.name === "kosha_vid")?.value).toBe(visitorId);

  await signIn(page);
  const api = page.context().request;
  type Session = {
    id: string;
    channel: string;
    utmSource: string;
    referralCode: string;
    cartId: string;
    landingPath: string;
  };
  let session: Session | undefined;
  await expect
    .poll(
      async () => {
        const res = await api.get(`${app.baseUrl}/api/v1/traffic/sessions?visitorId=${visitorId}`);
        const body = (await res.json()) as { sessions: Session[] };
        session = body.sessions[0];
        return body.sessions.length === 1 ? session?.cartId : null;
      },
      { timeout: 15_000 },
    )
    .toBe("cart_01E2EKOTA");
  expect(session).toMatchObject({
    channel: "influencer",
    utmSource: "instagram",
    referralCode: "PRIYA10",
    landingPath: "/",
  });

  type Ev = {
    type: string;
    path: string;
    productId: string | null;
    sku: string | null;
    quantity: number | null;
    valuePaise: number | null;
    cartId: string | null;
  };
  let events: Ev[] = [];
  await expect
    .poll(
      async () => {
        const res = await api.get(`${app.baseUrl}/api/v1/traffic/events?sessionId=${session!.id}`);
        events = ((await res.json()) as { events: Ev[] }).events;
        return events.length;
      },
      { timeout: 15_000 },
    )
    .toBe(4);
  expect(events.map((e) => [e.type, e.path]).sort()).toEqual(
    [
      ["add_to_cart", "/products/kota-doria"],
      ["page_view", "/"],
      ["page_view", "/products/kota-doria"],
      ["product_view", "/products/kota-doria"],
    ].sort(),
  );
  expect(events.find((e) => e.type === "add_to_cart")).toMatchObject({
    productId: "prod_kota_doria",
    sku: "KD-SAREE-RED",
    quantity: 2,
    valuePaise: 499800,
    cartId: "cart_01E2EKOTA",
  });
  expect(collected.every((s) => s === 202)).toBe(true);
});
