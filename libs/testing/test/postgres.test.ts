import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresAdminUrl, type FreshDatabase } from '../src';

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('Postgres from the harness', () => {
  let first: FreshDatabase;
  let second: FreshDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([freshDatabase('iso_a'), freshDatabase('iso_b')]);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('is a working server', async () => {
    const rows = await query<{ answer: number }>(postgresAdminUrl(), 'SELECT 40 + 2 AS answer');
    expect(rows).toEqual([{ answer: 42 }]);
  });

  it('gives every fresh database its own tables', async () => {
    expect(first.name).not.toBe(second.name);
    await query(first.url, 'CREATE TABLE only_in_first (id int)');
    await query(first.url, 'INSERT INTO only_in_first VALUES (1)');

    expect(await query(first.url, 'SELECT id FROM only_in_first')).toEqual([{ id: 1 }]);
    await expect(query(second.url, 'SELECT id FROM only_in_first')).rejects.toMatchObject({ code: '42P01' });
  });

  it('drops a database for good', async () => {
    const db = await freshDatabase('dropped');
    await db.drop();
    await expect(query(db.url, 'SELECT 1')).rejects.toMatchObject({ code: '3D000' });
  });
});
