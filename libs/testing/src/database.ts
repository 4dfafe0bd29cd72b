import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '@shop/local-system';
import { postgresAdminUrl, testRunId } from './provided';

export { withDatabase };

export interface FreshDatabase {
  /** Connection URL of the new database (same server and credentials as the admin URL). */
  readonly url: string;
  readonly name: string;
  /** Drops the database, disconnecting anyone still connected. Safe to call twice. */
  drop(): Promise<void>;
}

/** Every database the harness creates starts with this, so global teardown can sweep leftovers. */
export function testDatabasePrefix(runId: string): string {
  return `t_${runId}_`;
}


/** Runs `fn` with a short-lived connection to `url`. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'shop-testing' });
  client.on('error', () => undefined); // a dropped admin connection must not crash the runner
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates an empty, uniquely named database on the test server. Use one per test file, so files
 * running in parallel never see each other's tables:
 *
 *   let db: FreshDatabase;
 *   beforeAll(async () => { db = await freshDatabase('orders'); });
 *   afterAll(() => db.drop());
 *
 * Databases left behind by a crashed run are dropped by the global teardown.
 */
export async function freshDatabase(prefix = 'db'): Promise<FreshDatabase> {
  const adminUrl = postgresAdminUrl();
  const cleanPrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 20);
  const name = `${testDatabasePrefix(testRunId())}${cleanPrefix}_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  let dropped = false;
  return {
    url: withDatabase(adminUrl, name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}
