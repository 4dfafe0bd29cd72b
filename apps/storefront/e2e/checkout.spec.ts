import { checkPage, expect, fillCard, logIn, test, TEST_CARDS } from './fixtures';

test.describe('checkout', () => {
  test('a declined card shows the reason, and the stock is back', async ({ page, api }, testInfo) => {
    const shopper = await api.newShopper();
    const stockBefore = await api.stock('KIT-003');
    await api.setQuantity(shopper, 'KIT-003', 2);
    await logIn(page, shopper, '/checkout');
    await fillCard(page, TEST_CARDS.declined);
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByText('Failed: your card was declined.')).toBeVisible();
    await checkPage(page, testInfo, 'order-declined');

    const orders = await api.orders(shopper);
    expect(orders.map((order) => order.state)).toEqual(['FAILED']);
    await expect.poll(() => api.stock('KIT-003')).toBe(stockBefore);
  });

  test('a double-clicked "Place order" makes one order', async ({ page, api }) => {
    const shopper = await api.newShopper();
    await api.setQuantity(shopper, 'TEA-002', 1);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/orders')) sent.push(request.headers()['idempotency-key'] ?? '');
    });
    await logIn(page, shopper, '/checkout');
    await fillCard(page, TEST_CARDS.approved);
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await expect(page.getByText('Confirmed: thank you for your order.')).toBeVisible();

    expect((await api.orders(shopper)).map((order) => order.state)).toEqual(['CONFIRMED']);
    expect(new Set(sent).size).toBe(1);
  });

  test('a retry after the answer was lost sends the same Idempotency-Key and makes one order', async ({ page, api }) => {
    const shopper = await api.newShopper();
    await api.setQuantity(shopper, 'TEA-006', 2);
    const keys: string[] = [];
    let lost = false;
    // The first checkout reaches the gateway and completes there; its answer never reaches the page.
    await page.route('**/api/v1/orders', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await logIn(page, shopper, '/checkout');
    await fillCard(page, TEST_CARDS.approved);
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByText('The shop cannot be reached right now.')).toBeVisible();
    await expect(page.getByText('Placing the order again is safe')).toBeVisible();

    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByText('Confirmed: thank you for your order.')).toBeVisible();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await api.orders(shopper)).map((order) => order.state)).toEqual(['CONFIRMED']);
  });
});
