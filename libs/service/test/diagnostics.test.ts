import { freshDatabase, type FreshDatabase, type RunningApp } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, relayClient, startRelay } from './support/relay';

const TOKEN = 'diagnostics-test-token-0123456789';

describe('diagnostics on the admin port', () => {
  let db: FreshDatabase;
  let enabled: RunningApp;
  let disabled: RunningApp;
  const admin = (app: RunningApp, path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`http://127.0.0.1:${app.adminPort}${path}`, {
      ...init,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    db = await freshDatabase('diagnostics');
    [enabled, disabled] = await Promise.all([
      startRelay('relay-diag', { DATABASE_URL: db.url, LOG_LEVEL: 'info', DIAGNOSTICS_ENABLED: 'true', DIAGNOSTICS_TOKEN: TOKEN }),
      startRelay('relay-nodiag', { DATABASE_URL: db.url, DIAGNOSTICS_TOKEN: TOKEN }),
    ]);
  });

  afterAll(async () => {
    await enabled?.process.kill();
    await disabled?.process.kill();
    await db?.drop();
  });

  it('is 404 when not enabled, even with the token', async () => {
    for (const path of ['/debug/cpu-profile?seconds=1', '/debug/heap-snapshot', '/debug/log-level']) {
      expect((await admin(disabled, path)).status).toBe(404);
    }
    expect((await admin(disabled, '/debug/log-level?level=debug', { method: 'PUT' })).status).toBe(404);
    expect((await admin(disabled, '/metrics')).status).toBe(200);
  });

  it('is 401 without the token or with a wrong one, and changes nothing', async () => {
    for (const token of [null, 'not-the-token-but-long-enough', `${TOKEN}x`]) {
      const response = await admin(enabled, '/debug/log-level?level=silent', { method: 'PUT' }, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await admin(enabled, '/debug/heap-snapshot', {}, token)).status).toBe(401);
    }
    expect(await (await admin(enabled, '/debug/log-level')).json()).toEqual({ level: 'info' });
  });

  it('takes a CPU profile of N seconds that DevTools can open (.cpuprofile)', async () => {
    const response = await admin(enabled, '/debug/cpu-profile?seconds=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="relay-diag-.+\.cpuprofile"$/);
    const profile = (await response.json()) as { nodes: Array<{ id: number; callFrame: { functionName: string } }>; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
    expect(profile.nodes.length).toBeGreaterThan(0);
    expect(profile.nodes[0]?.callFrame.functionName).toBe('(root)');
    // Timestamps are in microseconds: the profile spans the second asked for.
    expect(profile.endTime - profile.startTime).toBeGreaterThanOrEqual(1_000_000);
    expect(profile.samples.length).toBe(profile.timeDeltas.length);
    const ids = new Set(profile.nodes.map((node) => node.id));
    expect(profile.samples.every((id) => ids.has(id))).toBe(true);
  });

  it('refuses a profile length out of bounds', async () => {
    for (const seconds of ['0', '121', 'ten', '1.5']) {
      expect((await admin(enabled, `/debug/cpu-profile?seconds=${seconds}`)).status).toBe(400);
    }
  });

  it('takes a heap snapshot that parses as a V8 .heapsnapshot', async () => {
    const response = await admin(enabled, '/debug/heap-snapshot');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/\.heapsnapshot"$/);
    const snapshot = (await response.json()) as { snapshot: { meta: { node_fields: string[] }; node_count: number }; nodes: number[]; strings: string[] };
    expect(snapshot.snapshot.meta.node_fields).toContain('self_size');
    expect(snapshot.nodes.length).toBe(snapshot.snapshot.node_count * snapshot.snapshot.meta.node_fields.length);
    expect(snapshot.strings.length).toBeGreaterThan(0);
  });

  it('changes what the app writes when the log level changes, without a restart', async () => {
    const client = relayClient(enabled.grpcAddress);
    const requestLines = () => enabled.process.logs.filter((log) => log['msg'] === 'relay request').length;
    const pid = enabled.process.pid;

    await client.relay({ key: 'at-info' });
    expect(await eventually(async () => requestLines() === 1)).toBe(true);

    const quieter = await admin(enabled, '/debug/log-level?level=warn', { method: 'PUT' });
    expect(await quieter.json()).toEqual({ level: 'warn', previous: 'info' });
    await client.relay({ key: 'at-warn-1' });
    await client.relay({ key: 'at-warn-2' });

    expect((await admin(enabled, '/debug/log-level?level=info', { method: 'PUT' })).status).toBe(200);
    await client.relay({ key: 'at-info-again' });
    expect(await eventually(async () => requestLines() === 2)).toBe(true);
    const keys = enabled.process.logs
      .filter((log) => log['msg'] === 'relay request')
      .map((log) => (log['request'] as { key: string }).key);
    expect(keys).toEqual(['at-info', 'at-info-again']);
    expect(enabled.process.pid).toBe(pid);
    expect((await admin(enabled, '/debug/log-level?level=loud', { method: 'PUT' })).status).toBe(400);
    client.close();
  });

  it('refuses to start when enabled without a token', async () => {
    await expect(startRelay('relay-notoken', { DATABASE_URL: db.url, DIAGNOSTICS_ENABLED: 'true' })).rejects.toThrow(
      /DIAGNOSTICS_TOKEN/,
    );
  });
});
