// Part 6: what password hashing costs a login. The user service alone from its bundle, on the
// running system's database and Redis, at two of OWASP's equivalent scrypt settings (N = 2^17, p = 1,
// the former default, and N = 2^15, p = 3, the default): one account logging in back to back (one
// scrypt run per login), then four at once, with the process's peak RSS (each hash in flight holds
// 128·N·r bytes off the heap, SCRYPT_MAX_CONCURRENT of them at once).
import { startApp, type RunningSystem } from '@shop/local-system';
import { createClient, shopProtos } from '@shop/rpc';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnv, drive, settings, summarize } from './closed-loop';
import { processFigures } from './processes';
import type { Row } from './report';

/** SCRYPT_LOG2_N and what the user service makes of it (OWASP's p for that N). */
const COSTS: Array<[log2N: number, name: string]> = [
  [17, 'scrypt N = 2^17, r = 8, p = 1 (the former default)'],
  [15, 'scrypt N = 2^15, r = 8, p = 3 (the default)'],
];
/** Logins in flight in the second row: more than the hashing slots (2), fewer than the queue (8). */
const CONCURRENT_LOGINS = 4;

export async function loginRows({ databases, redisUrl }: { system: RunningSystem; databases: { user: string }; redisUrl: string }): Promise<Row[]> {
  const keys = mkdtempSync(join(tmpdir(), 'shop-bench-login-keys-'));
  const rows: Row[] = [];
  try {
    for (const [log2N, name] of COSTS) {
      const user = await startApp('user', {
        mode: 'built',
        env: { ...appEnv, DATABASE_URL: databases.user, REDIS_URL: redisUrl, JWT_KEY_DIR: keys, LOG_LEVEL: 'warn', SCRYPT_LOG2_N: String(log2N) },
        keepLines: 20,
      });
      const client = createClient(shopProtos().grpcObject.shop.user.v1.UserService.service, { target: user.grpcAddress, defaultTimeoutMs: 10_000 });
      try {
        const account = { email: `bench-login-${log2N}-${randomBytes(4).toString('hex')}@example.com`, password: `Bench-${randomBytes(9).toString('base64url')}` };
        await client.register(account);
        const login = () => client.login({ ...account, clientIp: '127.0.0.1', deviceToken: '' });
        await drive(login, settings.warmupSeconds, 1);
        for (const concurrency of [1, CONCURRENT_LOGINS]) {
          const { latencies, errors } = await drive(login, settings.seconds, concurrency);
          const failed = Object.values(errors).reduce((sum, n) => sum + n, 0);
          rows.push({
            part: 'login (user service alone; peak RSS since its start)',
            name: `${name}, ${concurrency === 1 ? 'one login at a time' : `${concurrency} in flight`}`,
            figures: { ...summarize(latencies, settings.seconds), errors: failed, peakRssMb: processFigures(user.process.pid).peakRssBytes / 2 ** 20 },
          });
        }
      } finally {
        client.close();
        await user.stop();
      }
    }
  } finally {
    rmSync(keys, { recursive: true, force: true });
  }
  return rows;
}
