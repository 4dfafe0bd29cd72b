import { join } from 'node:path';
import { freshDatabase, postgresAdminUrl, withDatabase, type FreshDatabase } from '@shop/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src';

const dir = join(import.meta.dirname, 'migrations');

async function rows<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase('db_migrate');
  });
  afterAll(() => db?.drop());

  it('applies pending SQL migrations once, then has nothing to do', async () => {
    expect(await migrate({ databaseUrl: db.url, dir })).toEqual(['001_create_widgets', '002_add_widget_colour']);
    expect(await migrate({ databaseUrl: db.url, dir })).toEqual([]);
    await rows(db.url, "INSERT INTO widgets (name, colour) VALUES ('w', 'red')");
    const recorded = await rows<{ name: string }>(db.url, 'SELECT name FROM public.pgmigrations ORDER BY id');
    expect(recorded.map((r) => r.name)).toEqual(['001_create_widgets', '002_add_widget_colour']);
  });

  it('is safe when five replicas migrate a database that does not exist yet at the same time', async () => {
    // A name in this run's namespace, so the global teardown sweeps it if the test dies midway.
    const name = `${db.name}_race`;
    const url = withDatabase(postgresAdminUrl(), name);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => migrate({ databaseUrl: url, dir })));

      // Exactly one runner applied each migration; the others found it done.
      expect(results.flat().sort()).toEqual(['001_create_widgets', '002_add_widget_colour']);
      const ran = await rows<{ migration: string; n: string }>(
        url,
        'SELECT migration, count(*) AS n FROM migration_side_effects GROUP BY migration ORDER BY migration',
      );
      expect(ran).toEqual([
        { migration: '001_create_widgets', n: '1' },
        { migration: '002_add_widget_colour', n: '1' },
      ]);
    } finally {
      await rows(postgresAdminUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
