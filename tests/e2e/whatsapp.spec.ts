import { expect, test, type Page } from "@playwright/test";
import type { WhatsAppFigures } from "../../lib/whatsapp/figures";
import type { WhatsAppSettings } from "../../lib/whatsapp/settings";
import { app, signIn } from "./support";

/** A YYYY-MM-DD day moved by n days (calendar arithmetic, no time zone involved). */
const shiftDay = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/*
 * The owner's WhatsApp pages against the API they are built on, on the seeded demo (its templates,
 * subscribers and 60 days of messages), with no credentials set: the sandbox transport.
 */

const FIGURE_KEYS = [
  "sent",
  "delivered",
  "read",
  "clicked",
  "converted",
  "revenuePaise",
  "costPaise",
] as const;

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${app.baseUrl}${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

test("templates, flow figures equal to the API, a flow switch that persists, sandbox mode", async ({
  page,
}) => {
  await signIn(page);
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto(`${app.baseUrl}/dashboard`);
  await page.getByRole("link", { name: "WhatsApp", exact: true }).click();
  await expect(page).toHaveURL(/\/whatsapp$/);

  // No credentials in the test app: the sandbox, said loudly.
  await expect(page.getByTestId("transport-mode")).toHaveAttribute("data-mode", "sandbox");
  await expect(page.getByTestId("transport-mode")).toContainText("nothing reaches a customer");

  // The demo's templates with Meta's verdicts.
  await expect(page.getByTestId("template-status-festive_drop")).toHaveAttribute("data-status", "APPROVED");
  await expect(page.getByTestId("template-status-winter_razai")).toHaveAttribute("data-status", "PENDING");
  await expect(page.getByTestId("template-status-flash_sale_70")).toHaveAttribute("data-status", "REJECTED");
  await expect(page.getByTestId("template-flash_sale_70")).toContainText("misleading urgency");

  // Every figure of every flow on screen equals /api/v1/whatsapp/figures for the same window.
  const window = page.getByTestId("figures-window");
  const from = (await window.getAttribute("data-from"))!;
  const to = (await window.getAttribute("data-to"))!;
  const figures = await api<WhatsAppFigures>(page, `/api/v1/whatsapp/figures?from=${from}&to=${to}`);
  const cart = figures.byFlow.find((f) => f.flow === "cart_recovery");
  const orders = figures.byFlow.find((f) => f.flow === "order_update");
  // The demo sends both every day: a missing flow here would mean the figures read nothing.
  expect(cart?.sent).toBeGreaterThan(0);
  expect(orders?.delivered).toBeGreaterThan(0);
  // Recovered carts are rarer (a handful in the demo's 60 days, and its draw changes with the IST
  // day, so some 30-day windows hold none): conversions are checked over all of its history.
  const history = await api<WhatsAppFigures>(
    page,
    `/api/v1/whatsapp/figures?from=${shiftDay(to, -89)}&to=${to}`,
  );
  expect(history.byFlow.find((f) => f.flow === "cart_recovery")?.converted).toBeGreaterThan(0);
  for (const f of figures.byFlow) {
    for (const key of FIGURE_KEYS) {
      const onScreen = await page.getByTestId(`figure-${f.flow}-${key}`).getAttribute("data-value");
      expect({ flow: f.flow, key, value: Number(onScreen) }).toEqual({ flow: f.flow, key, value: f[key] });
    }
  }
  await expect(page.getByTestId("flow-funnel").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("daily-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: "test-results/whatsapp.png", fullPage: true });

  // Turn cart recovery off: the server saves it, a reload shows it, the API says so, the rest is kept.
  const before = (await api<{ settings: WhatsAppSettings }>(page, "/api/v1/whatsapp/settings")).settings;
  expect(before.flows.cartRecovery.enabled).toBe(true);
  const box = page.getByTestId("flow-switch-cartRecovery");
  // The box follows the server's answer, not the click: wait for the saved state.
  await box.click();
  await expect(box).not.toBeChecked();
  await expect(box).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId("flow-switch-cartRecovery")).not.toBeChecked();
  await expect(page.getByTestId("flow-switch-orderUpdates")).toBeChecked();
  const after = (await api<{ settings: WhatsAppSettings }>(page, "/api/v1/whatsapp/settings")).settings;
  expect(after).toEqual({
    ...before,
    flows: { ...before.flows, cartRecovery: { ...before.flows.cartRecovery, enabled: false } },
  });

  // A bad value is refused with the reason, and nothing changes.
  const bad = await page.request.put(`${app.baseUrl}/api/v1/whatsapp/settings`, {
    data: { throughputPerSecond: 0, flows: { cartRecovery: { enabeld: true } } },
  });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("enabeld");

  // Back on, from the page.
  await page.getByTestId("flow-switch-cartRecovery").click();
  await expect(page.getByTestId("flow-switch-cartRecovery")).toBeChecked();
  await expect(page.getByTestId("flow-switch-cartRecovery")).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId("flow-switch-cartRecovery")).toBeChecked();

  // The message log shows statuses, the failures with their reason.
  await page.getByRole("link", { name: "Message log" }).click();
  await expect(page.getByTestId("message-log")).toBeVisible();
  await page.goto(`${app.baseUrl}/whatsapp/messages?status=failed`);
  const failed = page.getByTestId("message-row");
  await expect(failed.first()).toHaveAttribute("data-status", "failed");
  await expect(failed.first()).toContainText("131026");
  await page.screenshot({ path: "test-results/whatsapp-messages.png", fullPage: false });
});

test("a broadcast composed, previewed, sent in the sandbox to done, and the sandbox log shows the requests", async ({
  page,
}) => {
  await signIn(page);
  await page.setViewportSize({ width: 1360, height: 900 });
  const sandboxBefore = Number(
    await (async () => {
      await page.goto(`${app.baseUrl}/whatsapp/broadcasts`);
      return page.getByTestId("sandbox-count").getAttribute("data-value");
    })(),
  );

  const composer = page.getByTestId("broadcast-composer");
  await composer.getByLabel("Segment").selectOption("vip");
  await composer.getByLabel("Approved template").selectOption("festive_drop");
  // Only approved templates are offered.
  await expect(
    composer.getByLabel("Approved template").locator("option", { hasText: "winter_razai" }),
  ).toHaveCount(0);
  await composer.getByLabel("Value for {{1}}").fill("Friend");
  await composer.getByLabel("Value for {{2}}").fill("Winter");
  await composer.getByLabel("Value for {{3}}").fill("https://shop.example.in/collections/winter");
  await expect(page.getByTestId("template-preview")).toContainText("our Winter collection is live");
  await composer.getByRole("button", { name: "Preview recipients and cost" }).click();

  const recipients = Number(await page.getByTestId("preview-recipients").getAttribute("data-value"));
  const cost = Number(await page.getByTestId("preview-cost").getAttribute("data-value"));
  const seconds = Number(await page.getByTestId("preview-duration").getAttribute("data-value"));
  expect(recipients).toBeGreaterThan(0);
  expect(cost).toBeGreaterThan(0);
  expect(seconds).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/whatsapp-broadcast-preview.png", fullPage: true });

  await page.getByTestId("broadcast-send").click();
  const progress = page.getByTestId("broadcast-progress");
  await expect(progress).toHaveAttribute("data-status", "done", { timeout: 45_000 });
  const sent = Number(await progress.getAttribute("data-sent"));
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThanOrEqual(recipients);
  await page.screenshot({ path: "test-results/whatsapp-broadcast-done.png", fullPage: true });

  // Every message the sandbox accepted is in its log, as the Cloud API would have received it.
  await page.getByRole("link", { name: "Sandbox log" }).click();
  await page.waitForURL(/\/whatsapp\/sandbox$/);
  // At least one request per sent message (a flow running meanwhile may add its own).
  // The banner lives in the WhatsApp layout, which client-side navigation keeps as first rendered:
  // reload to read the server's count.
  await expect
    .poll(
      async () => {
        await page.reload();
        return Number(await page.getByTestId("sandbox-count").getAttribute("data-value"));
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(sandboxBefore + sent);
  const row = page.getByTestId("sandbox-row").first();
  await expect(row).toHaveAttribute("data-path", /\/messages$/);
  await expect(row).toHaveAttribute("data-status", "200");
  await expect(row).toContainText("festive_drop");
  await page.screenshot({ path: "test-results/whatsapp-sandbox.png", fullPage: false });
});
