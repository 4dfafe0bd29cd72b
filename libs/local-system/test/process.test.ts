import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_NODE_FLAGS, freePort, startApp, startProcess, startService, startTsxProcess, stopAll } from '../src';

const fixture = 'libs/local-system/test/fixtures/echo-server.ts';

describe('processes', () => {
  afterAll(stopAll);

  it('collects output and reports the exit code', async () => {
    const child = startProcess({
      name: 'sh',
      command: 'sh',
      args: ['-c', 'echo \'{"msg":"hi","n":1}\'; echo plain; echo oops >&2; exit 3'],
    });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    await child.waitForLine((line) => line === 'oops');
    expect(child.logs).toEqual([{ msg: 'hi', n: 1 }]);
    expect(child.lines.map((line) => line.text)).toEqual(expect.arrayContaining(['plain', 'oops']));
  });

  it('fails waitForLine at once when the process exits without the line', async () => {
    const child = startTsxProcess(fixture, { EXIT_CODE: '7' });
    await expect(child.waitForLine((line) => line.includes('never'), 20_000)).rejects.toThrow(/exited \(code 7/);
    expect((await child.exited).code).toBe(7);
  });

  it('runs a TypeScript service on free ports, waits for health, stops it with SIGTERM', async () => {
    const service = await startService({ name: 'echo', script: fixture, env: { GREETING: 'hej' } });
    const listening = service.process.logs.find((log) => log.msg === 'listening');
    expect(listening).toMatchObject({
      adminPort: service.adminPort,
      port: service.port,
      greeting: 'hej',
      outsideCall: true, // imported through the @shop/context alias
    });
    expect(service.grpcAddress).toBe(`127.0.0.1:${service.port}`);
    // With the apps' Node flags unless told otherwise.
    expect((listening as { execArgv: string[] }).execArgv).toEqual(expect.arrayContaining([...APP_NODE_FLAGS]));

    const response = await fetch(`http://127.0.0.1:${service.adminPort}/healthz`);
    expect(response.status).toBe(200);

    expect(await service.stop()).toEqual({ code: 0, signal: null });
    await service.process.waitForLine((_line, log) => log?.msg === 'shutting down');
  });

  it('gives a service the Node flags it is told', async () => {
    const service = await startService({ name: 'echo', script: fixture, nodeFlags: ['--max-old-space-size=96'] });
    const listening = service.process.logs.find((log) => log.msg === 'listening') as { execArgv: string[] };
    expect(listening.execArgv).toContain('--max-old-space-size=96');
    expect(listening.execArgv).not.toEqual(expect.arrayContaining([...APP_NODE_FLAGS]));
    await service.stop();
  });

  it('kill() takes a process down with SIGKILL', async () => {
    const child = startProcess({ name: 'sleeper', command: 'sleep', args: ['60'] });
    expect(await child.kill()).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('waitForHttp gives up on a port where nothing listens', async () => {
    const child = startProcess({ name: 'sleeper', command: 'sleep', args: ['60'] });
    const port = await freePort();
    await expect(child.waitForHttp(`http://127.0.0.1:${port}/healthz`, 300)).rejects.toThrow(/did not answer 2xx/);
    await child.kill();
  });

  it('refuses to start a built app that was not built, saying what to run', async () => {
    const emptyBuildDir = mkdtempSync(join(tmpdir(), 'shop-no-build-'));
    try {
      await expect(startApp('payment', { mode: 'built', buildDir: emptyBuildDir })).rejects.toThrow(
        /run `nx build payment` first/,
      );
    } finally {
      rmSync(emptyBuildDir, { recursive: true, force: true });
    }
  });
});
