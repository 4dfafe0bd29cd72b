import { checkPage, expect, logIn, test } from './fixtures';

/** Stops the order service for real (SIGKILL) and waits until its process is gone. */
async function stopOrderService(): Promise<void> {
  const pid = Number(process.env['SHOP_E2E_ORDER_PID']);
  if (!pid) throw new Error('SHOP_E2E_ORDER_PID is not set (the globalSetup sets it)');
  process.kill(pid, 'SIGKILL');
  await expect
    .poll(() => {
      try {
        process.kill(pid, 0);
        return 'running';
      } catch {
        return 'gone';
      }
    })
    .toBe('gone');
}

test('with the order service stopped, cart and orders say so clearly while the catalog keeps working', async ({ page, api }, testInfo) => {
  const shopper = await api.newShopper();
  await api.setQuantity(shopper, 'COF-002', 1);
  await logIn(page, shopper, '/cart');
  await expect(page.getByRole('link', { name: /Colombia Huila/ })).toBeVisible();

  await stopOrderService();

  await page.goto('/cart');
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Temporarily unavailable.');
  await expect(notice).toContainText('Part of the shop is unavailable right now. Please try again');
  // The page around it still works: header, navigation, search.
  await expect(page.getByRole('searchbox', { name: 'Search products' })).toBeVisible();
  await checkPage(page, testInfo, 'cart-order-service-down');

  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Part of the shop is unavailable right now.');

  await page.getByRole('link', { name: 'shop', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'All products' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search products' }).fill('matcha');
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
  await page.getByRole('link', { name: /Ceremonial Matcha/ }).click();
  await expect(page.getByRole('heading', { name: /Ceremonial Matcha/ })).toBeVisible();
  await expect(page.getByText('€24.90')).toBeVisible();
});
