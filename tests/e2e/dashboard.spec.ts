import { expect, test, type Page } from "@playwright/test";
import { addDays, istDay } from "../../lib/time";
import type { KpiResponse } from "../../lib/kpi/schema";
import { app, signIn } from "./support";

/*
 * The owner's dashboard against the API it is built on: every figure on screen (data-value, the raw
 * number) must equal /api/v1/kpis for the same window, comparison and filters, on first paint
 * (server-rendered) and after changing the period and the comparison in the browser.
 */

const FIGURES: [testId: string, pick: (k: KpiResponse) => number | null][] = [
  ["kpi-revenue", (k) => k.figures.revenue.current],
  ["kpi-net-revenue", (k) => k.figures.netRevenue.current],
  ["kpi-orders", (k) => k.figures.orders.current],
  ["kpi-sessions", (k) => k.figures.sessions.current],
  ["kpi-conversion-rate", (k) => k.figures.conversionRate.current],
  ["kpi-aov", (k) => k.figures.aov.current],
  ["kpi-repeat-rate", (k) => k.figures.repeatRate.current],
  ["kpi-carts-abandoned", (k) => k.figures.carts.abandoned.current],
  ["kpi-carts-recovered", (k) => k.figures.carts.recovered.current],
  ["kpi-cart-recovery-rate", (k) => k.figures.carts.recoveryRate.current],
  ["kpi-cart-recovered-revenue", (k) => k.figures.carts.recoveredRevenue.current],
  ["kpi-spend", (k) => k.figures.spend.current],
  ["kpi-cac", (k) => k.figures.cac.current],
  ["kpi-roas", (k) => k.figures.roas.current],
  ["ltv-all", (k) => k.ltv.segments.find((s) => s.segment === "all")!.ltv.current],
];

/** Waits until the dashboard shows settled figures for exactly this window and comparison. */
async function settled(page: Page, from: string, to: string, compare: string) {
  const view = page.locator(
    `[data-testid="kpi-view"][aria-busy="false"][data-from="${from}"][data-to="${to}"][data-compare="${compare}"]`,
  );
  await expect(view).toBeVisible({ timeout: 20_000 });
}

/** Every figure on screen against the API's answer for the same query. */
async function expectScreenEqualsApi(page: Page, from: string, to: string, compare: string) {
  const res = await page.request.get(`${app.baseUrl}/api/v1/kpis?from=${from}&to=${to}&compare=${compare}`);
  expect(res.status()).toBe(200);
  const api = (await res.json()) as KpiResponse;
  for (const [testId, pick] of FIGURES) {
    const raw = await page.getByTestId(testId).first().getAttribute("data-value");
    const expected = pick(api);
    expect({ testId, value: raw === "" ? null : Number(raw) }).toEqual({ testId, value: expected });
  }
  const comparison = await page.getByTestId("kpi-revenue").getAttribute("data-comparison");
  expect(Number(comparison)).toBe(api.figures.revenue.comparison);
  return api;
}

test("the dashboard shows exactly the API's figures and follows period and comparison changes", async ({
  page,
}) => {
  await signIn(page);
  const today = istDay(new Date());

  // First paint, server-rendered: last 30 days vs the previous 30.
  await page.goto(`${app.baseUrl}/dashboard?preset=30d&compare=previous`);
  const from30 = addDays(today, -29);
  await settled(page, from30, today, "previous");
  const first = await expectScreenEqualsApi(page, from30, today, "previous");
  // The demo store sells every day: an empty dashboard here would mean the rollups are missing.
  expect(first.figures.revenue.current).toBeGreaterThan(0);
  expect(first.figures.sessions.current).toBeGreaterThan(0);
  await expect(page.getByTestId("revenue-trend").locator("path.recharts-line-curve")).toHaveCount(2);
  await expect(page.getByTestId("channel-table").locator("tbody tr")).toHaveCount(9);

  // Change the period in the browser: figures refetch, the URL says what is shown.
  await page.getByTestId("preset-7d").click();
  const from7 = addDays(today, -6);
  await settled(page, from7, today, "previous");
  await expect(page).toHaveURL(/preset=7d/);
  const week = await expectScreenEqualsApi(page, from7, today, "previous");
  expect(week.figures.revenue.current).toBeLessThan(first.figures.revenue.current!);

  // Change the comparison: same window, last year's dates beside it.
  await page.getByTestId("compare-last_year").click();
  await settled(page, from7, today, "last_year");
  await expect(page).toHaveURL(/compare=last_year/);
  const lastYear = await expectScreenEqualsApi(page, from7, today, "last_year");
  expect(lastYear.comparison.from).toBe(`${Number(from7.slice(0, 4)) - 1}${from7.slice(4)}`);
  expect(lastYear.figures.revenue.current).toBe(week.figures.revenue.current);

  // The URL is a link: loading it renders the same view on the server.
  await page.reload();
  await settled(page, from7, today, "last_year");
  await expectScreenEqualsApi(page, from7, today, "last_year");

  // Fresh demo data: the last sync time is shown, not the stale-data warning.
  await expect(page.getByTestId("last-sync")).toBeVisible();
  await expect(page.getByTestId("stale-warning")).toHaveCount(0);

  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto(`${app.baseUrl}/dashboard?preset=30d&compare=previous`);
  await settled(page, from30, today, "previous");
  await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });
});

test("the report and the journey map render for the festive season and a custom window", async ({ page }) => {
  await signIn(page);
  const today = istDay(new Date());
  const from = addDays(today, -29);

  await page.goto(`${app.baseUrl}/report?preset=30d&compare=previous`);
  const res = await page.request.get(`${app.baseUrl}/api/v1/kpis?from=${from}&to=${today}&compare=previous`);
  const api = (await res.json()) as KpiResponse;
  await expect(page.getByTestId("kpi-revenue")).toHaveAttribute(
    "data-value",
    String(api.figures.revenue.current),
  );
  const csvHref = await page.getByTestId("report-csv").getAttribute("href");
  expect(csvHref).toContain(`from=${from}`);
  const csv = await page.request.get(`${app.baseUrl}${csvHref}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  await page.screenshot({ path: "test-results/report.png", fullPage: true });

  await page.goto(`${app.baseUrl}/journey?preset=custom&from=${from}&to=${today}`);
  const journey = await page.request.get(`${app.baseUrl}/api/v1/journey?from=${from}&to=${today}`);
  expect(journey.status()).toBe(200);
  const j = (await journey.json()) as { discovery: { sessions: number }; purchase: { orders: number } };
  await expect(page.getByTestId("journey-sessions")).toHaveAttribute(
    "data-value",
    String(j.discovery.sessions),
  );
  await expect(page.getByTestId("journey-orders")).toHaveAttribute("data-value", String(j.purchase.orders));
  expect(j.purchase.orders).toBe(api.figures.orders.current);
  await expect(page.getByText("not measured yet")).toBeVisible();
  await page.screenshot({ path: "test-results/journey.png", fullPage: true });
});
