import { startShop } from './shop';

/** One shop for the whole run; the specs reach it through these variables (workers inherit them). */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const shop = await startShop();
  process.env['SHOP_E2E_URL'] = shop.url;
  process.env['SHOP_E2E_POSTGRES_URL'] = shop.postgresUrl;
  process.env['SHOP_E2E_KEY_DIR'] = shop.keyDir;
  process.env['SHOP_E2E_ORDER_PID'] = String(shop.system.apps.order.process.pid);
  return shop.stop;
}
