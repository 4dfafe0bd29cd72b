import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

interface ShopInfo {
  url: string;
  keyDir: string;
  orderPid: number;
}

/**
 * One shop for the whole run (run-shop.ts in a process of its own); the specs reach it through
 * these variables, which the workers inherit. The teardown stops it and waits for it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const child = spawn(resolve('node_modules', '.bin', 'tsx'), ['--tsconfig', 'tsconfig.base.json', resolve(__dirname, 'run-shop.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const info = await new Promise<ShopInfo>((done, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('SHOP_READY ')) done(JSON.parse(line.slice('SHOP_READY '.length)) as ShopInfo);
      else console.log(line);
    });
    void exited.then((code) => fail(new Error(`the shop exited during start-up (code ${code})`)));
  });
  process.env['SHOP_E2E_URL'] = info.url;
  process.env['SHOP_E2E_KEY_DIR'] = info.keyDir;
  process.env['SHOP_E2E_ORDER_PID'] = String(info.orderPid);
  return async () => {
    child.kill('SIGTERM');
    await exited;
  };
}
