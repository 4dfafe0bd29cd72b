/**
 * The shop as a process of its own for Playwright's globalSetup: prints one line
 * `SHOP_READY {"url":...}` once everything is up, and stops everything on SIGTERM or SIGINT.
 * (Run with tsx: the local system runner's modules are ESM-flavoured TypeScript, which Playwright's
 * own loader does not take.)
 */
import { startShop } from './shop';

async function main(): Promise<void> {
  const shop = await startShop();
  const stop = () => void shop.stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(
    `SHOP_READY ${JSON.stringify({ url: shop.url, keyDir: shop.keyDir, orderPid: shop.system.apps.order.process.pid })}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
