// Part 6: what password hashing costs a login. The user service alone from its bundle, on the
// running system's database and Redis, at scrypt's former cost (2^15) and at OWASP's advice
// (2^17, the default), logging one account in back to back: one scrypt run per login.
import { startApp, type RunningSystem } from '@shop/local-system';
import { createClient, shopProtos } from '@shop/rpc';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnv, drive, settings, summarize } from './closed-loop';
import type { Row } from './report';

const COSTS = [15, 17];

export async function loginRows({ databases, redisUrl }: { system: RunningSystem; databases: { user: string }; redisUrl: string }): Promise<Row[]> {
  const keys = mkdtempSync(join(tmpdir(), 'shop-bench-login-keys-'));
  const rows: Row[] = [];
  try {
    for (const log2N of COSTS) {
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
        const { latencies, errors } = await drive(login, settings.seconds, 1);
        const failed = Object.values(errors).reduce((sum, n) => sum + n, 0);
        rows.push({
          part: 'login (user service alone, one login at a time)',
          name: `scrypt N = 2^${log2N}, r = 8${log2N === 17 ? ' (the default: OWASP)' : ''}`,
          figures: { ...summarize(latencies, settings.seconds), errors: failed },
        });
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
