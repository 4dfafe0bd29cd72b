// Part 5: time from spawn to ready (/readyz answering 200) per app, each started alone from its
// bundle beside the running system (same databases, Redis and downstream services), so that one
// app's start-up is not measured against four others starting at once.
import { startApp, type AppName, type DatabaseApp, type RunningSystem } from '@shop/local-system';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnv } from './closed-loop';
import type { Row } from './report';

interface StartupContext {
  system: RunningSystem;
  databases: Record<DatabaseApp, string>;
  redisUrl: string;
}

export async function startupRows({ system, databases, redisUrl }: StartupContext): Promise<Row[]> {
  // Its own key directory, so that a second user service does not replace the running one's keys.
  const userKeys = mkdtempSync(join(tmpdir(), 'shop-bench-startup-keys-'));
  const grpc = (app: AppName) => system.apps[app].grpcAddress;
  const env: Record<AppName, Record<string, string>> = {
    user: { DATABASE_URL: databases.user, JWT_KEY_DIR: userKeys },
    inventory: { DATABASE_URL: databases.inventory },
    payment: { DATABASE_URL: databases.payment },
    order: { DATABASE_URL: databases.order, INVENTORY_ADDR: grpc('inventory'), PAYMENT_ADDR: grpc('payment') },
    gateway: { USER_ADDR: grpc('user'), INVENTORY_ADDR: grpc('inventory'), ORDER_ADDR: grpc('order') },
  };
  const rows: Row[] = [];
  try {
    for (const app of Object.keys(env) as AppName[]) {
      const started = performance.now();
      const running = await startApp(app, { mode: 'built', env: { ...appEnv, REDIS_URL: redisUrl, JWT_KEY_DIR: userKeys, LOG_LEVEL: 'warn', ...env[app] }, keepLines: 20 });
      try {
        await running.process.waitForHttp(`http://127.0.0.1:${running.adminPort}/readyz`, 60_000);
        rows.push({ part: 'start-up (each app alone, from its bundle)', name: app, figures: { readyMs: performance.now() - started } });
      } finally {
        await running.stop();
      }
    }
  } finally {
    rmSync(userKeys, { recursive: true, force: true });
  }
  return rows;
}
