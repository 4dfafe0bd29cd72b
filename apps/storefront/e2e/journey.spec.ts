import { checkPage, expect, fillCard, test, TEST_CARDS } from './fixtures';

test('a shopper registers, searches, fills the cart, checks out and finds the order CONFIRMED in the history', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'All products' })).toBeVisible();
  // Every product image is the shop's own and loads.
  const images = page.getByRole('list', { name: 'Products' }).locator('img');
  await expect(images.first()).toBeVisible();
  for (const image of await images.all()) {
    expect(await image.getAttribute('src')).toMatch(/^\/images\/products\/[a-z0-9-]+\.svg$/);
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
  }
  await checkPage(page, testInfo, 'catalog');

  // Paging and the tag filter.
  await page.getByRole('link', { name: 'Next page →' }).click();
  await expect(page.getByRole('link', { name: '← Previous page' })).toBeVisible();
  await page.getByRole('link', { name: '← Previous page' }).click();
  await expect(page.getByRole('link', { name: '← Previous page' })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Tea' }).click();
  await expect(page.getByRole('heading', { name: 'Tea' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Darjeeling First Flush/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Ethiopia Yirgacheffe/ })).toHaveCount(0);

  // Register (the account page logs in at once).
  await page.getByRole('link', { name: 'Log in' }).click();
  await checkPage(page, testInfo, 'login');
  await page.getByRole('link', { name: 'Create an account' }).click();
  const email = `ada-${Date.now()}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Correct horse 42');
  await checkPage(page, testInfo, 'register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(email)).toBeVisible();

  // Search, then the product page.
  await page.getByRole('searchbox', { name: 'Search products' }).fill('ethiopia');
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Results for “ethiopia”' })).toBeVisible();
  await checkPage(page, testInfo, 'search');
  await page.getByRole('link', { name: /Ethiopia Yirgacheffe/ }).click();
  await expect(page.getByRole('heading', { name: /Ethiopia Yirgacheffe/ })).toBeVisible();
  await expect(page.getByText('€14.50')).toBeVisible();
  await checkPage(page, testInfo, 'product');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByText('Added to your cart.')).toBeVisible();

  // A second product, found by a word of its description.
  await page.getByRole('searchbox', { name: 'Search products' }).fill('steel burrs');
  await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
  await page.getByRole('link', { name: /Hand Coffee Grinder/ }).click();
  await page.getByLabel('Quantity').selectOption('1');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByText('Added to your cart.')).toBeVisible();

  // The cart: change a quantity, see the totals.
  await page.getByRole('link', { name: /^Cart/ }).click();
  await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
  await page.getByLabel(/Quantity of Ethiopia Yirgacheffe/).selectOption('3');
  // 3 × €14.50 + €89.00
  await expect(page.getByTestId('cart-total')).toHaveText('€132.50');
  await expect(page.getByRole('link', { name: 'Cart (4)' })).toBeVisible();
  await checkPage(page, testInfo, 'cart');

  // Checkout with the approving test card.
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('cell', { name: TEST_CARDS.approved })).toBeVisible();
  await fillCard(page, TEST_CARDS.approved);
  await checkPage(page, testInfo, 'checkout');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByText('Confirmed: thank you for your order.')).toBeVisible();
  await checkPage(page, testInfo, 'order');
  const orderUrl = page.url();

  // The history lists it, CONFIRMED; the cart is empty.
  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
  const orderId = orderUrl.split('/').pop()!;
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Order ${orderId.slice(0, 8)}` }) });
  await expect(row.getByText('Confirmed')).toBeVisible();
  await expect(row.getByText('€132.50')).toBeVisible();
  await checkPage(page, testInfo, 'orders');
  await expect(page.getByRole('link', { name: 'Cart', exact: true })).toBeVisible();

  // The session survives a reload.
  await page.reload();
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
  await expect(row.getByText('Confirmed')).toBeVisible();
});
