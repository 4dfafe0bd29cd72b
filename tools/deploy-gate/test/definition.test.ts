import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES, runCli } from '../src/cli';
import { GateDefinitionError, loadGateDefinition, parseGateDefinition } from '../src/definition';
import { forCanaryVersion } from '../src/gate';
import { matcherList } from '../src/promql';

const valid = {
  prometheus: { url: 'http://127.0.0.1:9090' },
  window: '5m',
  minRequests: 100,
  selectors: { canary: { service: 'payment', track: 'canary' }, stable: { service: 'payment', track: 'stable' } },
  checks: [{ type: 'grpc-errors', maxIncreaseOverStable: 0.005 }],
};

function problemsOf(value: unknown): string {
  try {
    parseGateDefinition(value, 'gate.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(GateDefinitionError);
    return (error as Error).message;
  }
  throw new Error('expected the definition to be rejected');
}

describe('gate definition schema', () => {
  it('accepts every definition shipped in deploy/helm/shop/gates', async () => {
    const dir = join(repoRoot(), 'deploy', 'helm', 'shop', 'gates');
    const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml'));
    expect(files.sort()).toEqual(['gateway.yaml', 'inventory.yaml', 'order.yaml', 'payment.yaml', 'user.yaml']);
    for (const file of files) {
      const definition = await loadGateDefinition(join(dir, file));
      expect(definition.checks.length, file).toBeGreaterThan(0);
      // The app's own series only; the webhook adds the namespace and the versions.
      const app = file.replace('.yaml', '');
      expect(definition.selectors, file).toEqual({ canary: { service: app }, stable: { service: app } });
    }
  });

  it('judges the canary version against every other version of the same app and namespace', () => {
    const definition = forCanaryVersion(parseGateDefinition({ ...valid, selectors: { canary: { service: 'payment' }, stable: { service: 'payment' } } }), 'abc123', 'shop');
    expect(matcherList(definition.selectors.canary)).toBe('service="payment",namespace="shop",version="abc123"');
    expect(matcherList(definition.selectors.stable)).toBe('service="payment",namespace="shop",version!="abc123"');
  });

  it('refuses selectors made only of exclusions (they would match both versions)', () => {
    expect(problemsOf({ ...valid, selectors: { canary: { service: 'payment' }, stable: { version: { not: 'abc' } } } })).toContain(
      'selectors.stable: expected at least one exact label matcher',
    );
  });

  it('fills in the defaults: retries, timeouts, the gRPC error codes and the p99', () => {
    const definition = parseGateDefinition({ ...valid, checks: [...valid.checks, { type: 'grpc-latency', maxRatioToStable: 1.2 }] });
    expect(definition.prometheus).toEqual({ url: 'http://127.0.0.1:9090', timeoutSeconds: 10, attempts: 3, backoffSeconds: 1 });
    expect(definition.checks[0]).toMatchObject({ errorCodes: ['Unavailable', 'Internal', 'DeadlineExceeded', 'Unknown'] });
    expect(definition.checks[1]).toMatchObject({ quantile: 0.99, toleranceSeconds: 0.025 });
  });

  it('lists every problem with its path', () => {
    const message = problemsOf({
      ...valid,
      prometheus: { url: 'not a url' },
      window: 'five minutes',
      minRequests: 0,
      selectors: { canary: {}, stable: { 'bad-label': 'x' } },
      checks: [{ type: 'grpc-errors', max: 2 }, { type: 'grpc-latency' }, { type: 'coffee' }, { type: 'promql', name: 'q', query: 'up', max: 1 }],
      extra: true,
    });
    for (const expected of [
      'prometheus.url: expected an http(s) URL of Prometheus',
      'window: expected a Prometheus duration such as 30s, 5m or 1h',
      'minRequests: expected at least 1 request',
      'selectors.canary: expected at least one exact label matcher',
      'selectors.stable.bad-label: expected a Prometheus label name',
      'checks.0.max: expected a number from 0 to 1',
      'checks.1: set maxSeconds and/or maxRatioToStable',
      'checks.2.type: expected type grpc-errors, http-errors, grpc-latency, http-latency or promql',
      'checks.3.query: the query must use {{selector}}',
      '(top level): Unrecognized key: "extra"',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('refuses a check without any limit: it could never fail', () => {
    expect(problemsOf({ ...valid, checks: [{ type: 'http-errors' }] })).toContain('checks.0: set max and/or maxIncreaseOverStable');
  });
});

describe('deploy-gate CLI on a bad definition', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deploy-gate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ code: number; stderr: string; summary: string }> {
    let stderr = '';
    const summaryFile = join(dir, `summary-${Math.random()}.md`);
    const code = await runCli(args, { out: () => undefined, err: (text) => (stderr += text), env: { GITHUB_STEP_SUMMARY: summaryFile } });
    const summary = await import('node:fs/promises').then((fs) => fs.readFile(summaryFile, 'utf8')).catch(() => '');
    return { code, stderr, summary };
  }

  it('exits 3 on YAML that does not parse, saying where', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'prometheus:\n  url: [http://x\nwindow: 5m\n');
    const { code, stderr, summary } = await run(['--definition', file]);
    expect(code).toBe(EXIT_CODES.ERROR);
    expect(stderr).toContain(`${file} is not valid YAML`);
    expect(stderr).toMatch(/line \d+/);
    expect(summary).toContain('### Deploy gate: ERROR');
  });

  it('exits 3 on a definition the schema rejects, naming the field', async () => {
    const file = join(dir, 'invalid.yaml');
    await writeFile(file, 'prometheus: { url: http://127.0.0.1:9 }\nwindow: 5m\nminRequests: 10\nselectors: { canary: { a: b }, stable: { a: c } }\nchecks: []\n');
    const { code, stderr } = await run(['--definition', file]);
    expect(code).toBe(EXIT_CODES.ERROR);
    expect(stderr).toContain('checks: expected at least one check');
  });

  it('exits 3 on a missing file, an unknown option, or a bad label override', async () => {
    expect((await run(['--definition', join(dir, 'nope.yaml')])).stderr).toContain('cannot read');
    expect((await run(['--definition', join(repoRoot(), 'deploy/helm/shop/gates/payment.yaml'), '--bogus'])).code).toBe(EXIT_CODES.ERROR);
    const override = await run(['--definition', join(repoRoot(), 'deploy/helm/shop/gates/payment.yaml'), '--canary-label', 'novalue']);
    expect(override.code).toBe(EXIT_CODES.ERROR);
    expect(override.stderr).toContain("--canary-label expects label=value, got 'novalue'");
  });
});
