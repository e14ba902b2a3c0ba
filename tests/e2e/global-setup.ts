import { startApp } from "../support/app-server";

/*
 * One app for the browser suite, on the embedded engine the demo uses, seeded with a small demo
 * store. Playwright hands process.env to the workers, which is how the tests find it.
 */
export default async function globalSetup() {
  const app = await startApp("pglite", {}, { seedOrders: Number(process.env.KOSHA_E2E_ORDERS ?? 3000) });
  process.env.KOSHA_E2E_BASE_URL = app.baseUrl;
  process.env.KOSHA_E2E_OWNER_EMAIL = app.ownerEmail;
  process.env.KOSHA_E2E_OWNER_PASSWORD = app.ownerPassword;
  return async () => {
    await app.stop();
  };
}
