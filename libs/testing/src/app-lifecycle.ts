import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, startAppCommand, type AppMode, type AppName, type RunningApp } from '@shop/local-system';
import { freshDatabase, type FreshDatabase } from './database';
import { redisUrl } from './provided';

export interface AppLifecycleOptions {
  /** The app owns a Postgres database (gets a fresh one, and its `migrate` command is checked). */
  database: boolean;
  /** The app uses Redis. */
  redis: boolean;
  mode?: AppMode;
  /** Anything else the app needs to start (e.g. a key). */
  env?: Record<string, string>;
}

/**
 * The checks every app must pass as the process an image runs: it boots on its dependencies, is
 * ready, applies migrations by command, and stops cleanly on SIGTERM. Each app's own test file calls
 * this, then adds its domain tests.
 */
export function describeAppLifecycle(app: AppName, options: AppLifecycleOptions): void {
  const mode = options.mode ?? 'built';

  describe(`${app} as a process (${mode})`, () => {
    let db: FreshDatabase | undefined;
    let running: RunningApp;
    const env = (): Record<string, string> => ({
      ...options.env,
      ...(db ? { DATABASE_URL: db.url } : {}),
      ...(options.redis ? { REDIS_URL: redisUrl() } : {}),
    });

    beforeAll(async () => {
      if (options.database) db = await freshDatabase(app);
      running = await startApp(app, { mode, env: env() });
    });

    afterAll(async () => {
      await running?.process.kill();
      await db?.drop();
    });

    it('becomes ready on its own dependencies', async () => {
      await running.process.waitForHttp(`http://127.0.0.1:${running.adminPort}/readyz`, 10_000);
      const metrics = await (await fetch(`http://127.0.0.1:${running.adminPort}/metrics`)).text();
      expect(metrics).toContain(`service="${app}"`);
    });

    if (options.database) {
      it('applies its migrations with `main.cjs migrate`, safely when run again', async () => {
        for (let run = 0; run < 2; run++) {
          const child = startAppCommand(app, 'migrate', { mode, env: env() });
          expect(await child.exited, child.output()).toEqual({ code: 0, signal: null });
        }
      });
    }

    it('stops on SIGTERM and exits 0', async () => {
      const exit = await running.stop('SIGTERM');
      expect(exit, running.process.output()).toEqual({ code: 0, signal: null });
    });
  });
}
