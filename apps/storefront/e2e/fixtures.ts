import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export { expect };

export const TEST_CARDS = { approved: '4242424242424242', declined: '4000000000000002' };

export interface Shopper {
  email: string;
  password: string;
  token: string;
  userId: string;
}

function shopUrl(): string {
  const url = process.env['SHOP_E2E_URL'];
  if (!url) throw new Error('SHOP_E2E_URL is not set: run the specs with apps/storefront/e2e/playwright.config.ts (its globalSetup starts the shop)');
  return url;
}

export const test = base.extend<{ api: ShopApi }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  baseURL: async ({}, use) => use(shopUrl()),
  api: async ({ playwright }, use) => {
    const context = await playwright.request.newContext({ baseURL: shopUrl() });
    await use(new ShopApi(context));
    await context.dispose();
  },
});

/** The REST API the storefront uses, for arranging state and checking outcomes beside the browser. */
export class ShopApi {
  constructor(readonly request: APIRequestContext) {}

  async newShopper(): Promise<Shopper> {
    const email = `shopper-${randomUUID()}@example.com`;
    const password = `Correct horse ${randomUUID().slice(0, 8)}`;
    expect((await this.request.post('/api/v1/auth/register', { data: { email, password } })).status()).toBe(202);
    const login = await this.request.post('/api/v1/auth/login', { data: { email, password } });
    expect(login.status()).toBe(200);
    const body = (await login.json()) as { accessToken: string; user: { id: string } };
    return { email, password, token: body.accessToken, userId: body.user.id };
  }

  async setQuantity(shopper: Shopper, sku: string, quantity: number): Promise<void> {
    const response = await this.request.put(`/api/v1/cart/items/${sku}`, { data: { quantity }, headers: auth(shopper) });
    expect(response.status()).toBe(200);
  }

  async orders(shopper: Shopper): Promise<Array<{ id: string; state: string }>> {
    const response = await this.request.get('/api/v1/orders?pageSize=100', { headers: auth(shopper) });
    expect(response.status()).toBe(200);
    return ((await response.json()) as { orders: Array<{ id: string; state: string }> }).orders;
  }

  async stock(sku: string): Promise<number> {
    const response = await this.request.get(`/api/v1/products/${sku}`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { availableStock: number }).availableStock;
  }
}

const auth = (shopper: Shopper) => ({ authorization: `Bearer ${shopper.token}` });

/** Logs in through the storefront's own form. */
export async function logIn(page: Page, shopper: Pick<Shopper, 'email' | 'password'>, path = '/login'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(shopper.email);
  await page.getByLabel('Password').fill(shopper.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(shopper.email)).toBeVisible();
}

/** Fills the checkout page's card form (any future expiry is preselected). */
export async function fillCard(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card').fill('Ada Lovelace');
}

/**
 * Every page the tests visit passes axe (WCAG 2.x A and AA rules) with no serious or critical
 * violation, and leaves a screenshot among the run's artifacts for a reviewer.
 */
export async function checkPage(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
  expect(blocking, `axe on ${name}`).toEqual([]);
}
