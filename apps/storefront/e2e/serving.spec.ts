import { checkPage, expect, test } from './fixtures';

test.describe('the gateway serves the storefront', () => {
  test('index.html revalidated, hashed assets immutable, images long-lived, all under a strict CSP', async ({ request }) => {
    const index = await request.get('/');
    expect(index.status()).toBe(200);
    expect(index.headers()['cache-control']).toBe('no-cache');
    const csp = index.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = await index.text();
    // No inline script: every <script> has a src of this origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)[^>]*>/);

    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await request.get(script!);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers()['content-type']).toContain('javascript');
    expect(asset.headers()['content-encoding']).toMatch(/^(br|gzip)$/);

    const image = await request.get('/images/products/cof-001.svg');
    expect(image.status()).toBe(200);
    expect(image.headers()['cache-control']).toBe('public, max-age=2592000');
    expect(image.headers()['content-type']).toContain('image/svg+xml');
  });

  test('deep links answer the app; API paths and missing files stay 404s', async ({ request }) => {
    for (const path of ['/products/COF-002', '/orders/7d1f7f2e-1111-4222-8333-944445555666', '/no/such/page']) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(await response.text(), path).toContain('<div id="root"></div>');
    }
    for (const path of ['/api/v1/no-such-route', '/api', '/assets/missing-0000.js', '/images/products/none.svg']) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      expect(await response.text(), path).not.toContain('<div id="root">');
    }
  });

  test('a deep link opens its page, and an unknown one says so', async ({ page }, testInfo) => {
    await page.goto('/products/COF-002');
    await expect(page.getByRole('heading', { name: /Colombia Huila/ })).toBeVisible();
    await page.goto('/products/NO-SUCH-SKU');
    await expect(page.getByText('This product is not in the catalog (any more).')).toBeVisible();
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await checkPage(page, testInfo, 'not-found');
  });

  test('a search that matches nothing says so', async ({ page }) => {
    await page.goto('/?q=zzzz-nothing');
    await expect(page.getByText('Nothing matches “zzzz-nothing”. Try other words.')).toBeVisible();
  });
});
