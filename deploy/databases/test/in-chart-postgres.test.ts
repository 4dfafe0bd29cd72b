import { findOnPath, repoRoot, startEmbeddedPostgres, type LocalServer } from '@shop/local-system';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * The chart's in-chart Postgres as the postgres image starts it: its init script (01-roles.sh of
 * the postgresql-init ConfigMap, which the image's entrypoint runs on an empty data directory)
 * run for real with psql against a fresh Postgres, with the passwords of the generated Secret;
 * then each app's DATABASE_URL from that Secret, pointed at this server.
 */
const run = promisify(execFile);
const TOOLS_BIN = join(process.env['SHOP_TOOLS_DIR'] ?? join(homedir(), '.cache', 'shop', 'tools'), 'bin');
const APPS = ['user', 'inventory', 'payment', 'order'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML, read where used
type Rendered = Record<string, any>;

async function renderMinimal(): Promise<Rendered[]> {
  const helm = join(TOOLS_BIN, 'helm');
  if (!existsSync(helm)) throw new Error(`helm is missing at ${helm}: run deploy/scripts/install-tools.sh (or .ci/provision)`);
  const chart = join(repoRoot(), 'deploy', 'helm', 'shop');
  const values = join(repoRoot(), 'deploy', 'test', 'values', 'minimal.yaml');
  const { stdout } = await run(helm, ['template', 'shop', chart, '--namespace', 'shop', '--values', values], { maxBuffer: 1 << 26 });
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as Rendered | null)
    .filter((doc): doc is Rendered => doc !== null);
}

/** The app's URL from the Secret, at this server instead of the cluster's Service. */
function local(url: string, server: LocalServer, database?: string): string {
  const target = new URL(url);
  const at = new URL(server.url);
  target.host = at.host;
  if (database) target.pathname = `/${database}`;
  return target.toString();
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the in-chart Postgres: one role per app, owning only its database', () => {
  let server: LocalServer;
  let secret: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    const psql = findOnPath('psql');
    if (!psql) throw new Error('psql is missing: apt-get install postgresql-client (.ci/provision installs it)');
    const objects = await renderMinimal();
    secret = objects.find((o) => o['kind'] === 'Secret' && o['metadata'].name === 'shop-database')!['stringData'];
    const script = objects.find((o) => o['kind'] === 'ConfigMap' && o['metadata'].name === 'postgresql-init')!['data']['01-roles.sh'] as string;
    server = await startEmbeddedPostgres();
    dir = await mkdtemp(join(tmpdir(), 'shop-pg-init-'));
    await writeFile(join(dir, '01-roles.sh'), script, { mode: 0o755 });
    // As the image's entrypoint runs it: POSTGRES_USER, and the passwords the StatefulSet passes.
    const admin = new URL(server.url);
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      POSTGRES_USER: 'postgres',
      PGHOST: admin.hostname,
      PGPORT: admin.port,
      PGPASSWORD: decodeURIComponent(admin.password),
    };
    for (const app of APPS) env[`SHOP_${app.toUpperCase()}_PASSWORD`] = secret[`${app}-password`]!;
    await run(join(dir, '01-roles.sh'), [], { env });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(APPS)('lets %s in with its own URL, as its own role, owning its database (its migrations can create tables and indexes)', async (app) => {
    const url = local(secret[app]!, server);
    const { rows } = await query(url, 'SELECT current_user AS role, current_database() AS db, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super');
    expect(rows[0]).toEqual({ role: `shop_${app}`, db: `shop_${app}`, super: false });
    await query(url, 'CREATE TABLE probe (id bigint PRIMARY KEY, note text); CREATE INDEX probe_note ON probe (note); INSERT INTO probe VALUES (1, $$x$$)');
    expect((await query(url, 'SELECT count(*)::int AS n FROM probe')).rows[0]).toEqual({ n: 1 });
  });

  it('keeps every app out of the other apps\' databases, and out of role and database administration', async () => {
    for (const app of APPS) {
      for (const other of APPS.filter((a) => a !== app)) {
        await expect(query(local(secret[app]!, server, `shop_${other}`), 'SELECT 1'), `${app} -> shop_${other}`).rejects.toMatchObject({ code: '42501' });
      }
      await expect(query(local(secret[app]!, server, 'postgres'), 'SELECT 1'), `${app} -> postgres`).rejects.toMatchObject({ code: '42501' });
      await expect(query(local(secret[app]!, server), 'CREATE ROLE intruder')).rejects.toMatchObject({ code: '42501' });
      await expect(query(local(secret[app]!, server), 'CREATE DATABASE elsewhere')).rejects.toMatchObject({ code: '42501' });
    }
  });
});
