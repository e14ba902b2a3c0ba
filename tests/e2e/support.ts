import { expect, type Page } from "@playwright/test";

export const app = {
  get baseUrl() {
    return process.env.KOSHA_E2E_BASE_URL!;
  },
  get email() {
    return process.env.KOSHA_E2E_OWNER_EMAIL!;
  },
  get password() {
    return process.env.KOSHA_E2E_OWNER_PASSWORD!;
  },
};

/** Signs in through the login form, as the owner would. */
export async function signIn(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByLabel("Email").fill(app.email);
  await page.getByLabel("Password").fill(app.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
