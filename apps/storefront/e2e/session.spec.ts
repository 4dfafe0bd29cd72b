import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, importPKCS8, SignJWT } from 'jose';
import { checkPage, expect, logIn, test } from './fixtures';

/** The same token, signed by the user service's own key, but expired a minute ago. */
async function expired(token: string): Promise<string> {
  const keyDir = process.env['SHOP_E2E_KEY_DIR'];
  if (!keyDir) throw new Error('SHOP_E2E_KEY_DIR is not set (the globalSetup sets it)');
  const key = await importPKCS8(await readFile(join(keyDir, 'jwt-private.pem'), 'utf8'), 'EdDSA');
  const now = Math.floor(Date.now() / 1000);
  const header = decodeProtectedHeader(token);
  return new SignJWT({ ...decodeJwt(token), iat: now - 3600, exp: now - 60 })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', ...(header.kid ? { kid: header.kid } : {}) })
    .sign(key);
}

/** The session the storefront keeps in localStorage. */
const storedSession = (page: import('@playwright/test').Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('shop.session') ?? '{}') as { accessToken: string; refreshToken: string });

/** Replaces the stored access token by the same one expired (as after ACCESS_TOKEN_TTL_SECONDS). */
async function expireAccessToken(page: import('@playwright/test').Page): Promise<void> {
  const stale = await expired((await storedSession(page)).accessToken);
  await page.evaluate((token) => {
    const session = JSON.parse(localStorage.getItem('shop.session') ?? '{}');
    localStorage.setItem('shop.session', JSON.stringify({ ...session, accessToken: token }));
  }, stale);
}

test('an expired access token is refreshed without the shopper noticing', async ({ page, api }) => {
  const shopper = await api.newShopper();
  await api.setQuantity(shopper, 'BOK-003', 1);
  await logIn(page, shopper, '/cart');
  const before = await storedSession(page);
  await expireAccessToken(page);
  await page.reload();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole('link', { name: 'The Tea Book' })).toBeVisible();
  const after = await storedSession(page);
  expect(after.accessToken).not.toBe(before.accessToken);
  // Rotated: the refresh token used is spent; sent again within the reuse interval it only answers
  // the successor already issued (what a second tab or a lost answer's retry gets).
  expect(after.refreshToken).not.toBe(before.refreshToken);
  const repeat = await page.request.post('/api/v1/auth/refresh', { data: { refreshToken: before.refreshToken } });
  expect(repeat.status()).toBe(200);
  expect(((await repeat.json()) as { refreshToken: string }).refreshToken).toBe(after.refreshToken);
});

test('two tabs refreshing at once both stay signed in, and the session goes on', async ({ page, api }) => {
  const shopper = await api.newShopper();
  await api.setQuantity(shopper, 'BOK-003', 1);
  await logIn(page, shopper, '/cart');
  const second = await page.context().newPage();
  await second.goto('/cart');
  await expect(second.getByRole('link', { name: 'The Tea Book' })).toBeVisible();
  const before = await storedSession(page);
  await expireAccessToken(page);
  await Promise.all([page.reload(), second.reload()]);
  for (const tab of [page, second]) {
    await expect(tab).toHaveURL(/\/cart$/);
    await expect(tab.getByRole('link', { name: 'The Tea Book' })).toBeVisible();
  }
  // The tabs shared one refresh (a Web Lock, and the server's reuse interval behind it): the family
  // was not revoked, so the token they keep refreshes again.
  const after = await storedSession(page);
  expect(after.refreshToken).not.toBe(before.refreshToken);
  await second.close();
  expect((await page.request.post('/api/v1/auth/refresh', { data: { refreshToken: after.refreshToken } })).status()).toBe(200);
});

test('a session that can no longer be refreshed sends the shopper to log in, and the cart is still there afterwards', async ({ page, api }, testInfo) => {
  const shopper = await api.newShopper();
  await api.setQuantity(shopper, 'BOK-003', 2);
  await logIn(page, shopper, '/cart');
  await expect(page.getByRole('link', { name: 'The Tea Book' })).toBeVisible();

  // The shopper logged out elsewhere (the session is revoked) and the access token has expired.
  const { refreshToken } = await storedSession(page);
  expect((await page.request.post('/api/v1/auth/logout', { data: { refreshToken } })).status()).toBe(204);
  await expireAccessToken(page);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2Fcart&expired=1$/);
  await expect(page.getByText('Your session has expired. Log in again: your cart is kept.')).toBeVisible();
  await checkPage(page, testInfo, 'login-expired');

  await page.getByLabel('Email').fill(shopper.email);
  await page.getByLabel('Password').fill(shopper.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole('link', { name: 'The Tea Book' })).toBeVisible();
  await expect(page.getByLabel('Quantity of The Tea Book')).toHaveValue('2');
});

test('a wrong password is said plainly; logging out ends the session', async ({ page, api }) => {
  const shopper = await api.newShopper();
  await page.goto('/login');
  await page.getByLabel('Email').fill(shopper.email);
  await page.getByLabel('Password').fill('Not the password 1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();

  await logIn(page, shopper);
  const { refreshToken } = await storedSession(page);
  const loggedOut = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/logout'));
  await page.getByRole('button', { name: 'Log out' }).click();
  expect((await loggedOut).status()).toBe(204);
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  // Revoked at the server, not only forgotten by the browser.
  expect((await page.request.post('/api/v1/auth/refresh', { data: { refreshToken } })).status()).toBe(401);
  await page.reload();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/login\?next=%2Forders$/);
});
