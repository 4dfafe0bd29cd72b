// `npm run observe` as a person runs it (with --ephemeral: free ports and throwaway data, so that it
// runs beside anything else): it comes up, Prometheus scrapes every app and the collector and has
// the chart's SLO rules and alerts loaded, the trace store answers, every address it prints works,
// and Ctrl-C (SIGINT to its process group) stops all of it.
import { eventually, repoRoot } from '@shop/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const UP_TIMEOUT_MS = 240_000;

interface Printed {
  prometheus: string;
  alerts: string;
  targets: string;
  traces: string;
  otlp: string;
  shop: string;
}

describe('npm run observe', () => {
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let printed: Printed;

  beforeAll(async () => {
    child = spawn('npm', ['run', 'observe', '--', '--ephemeral'], {
      cwd: repoRoot(),
      detached: true, // its own process group, as in a terminal: SIGINT reaches npm, tsx and up.ts
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    exited = new Promise((done) => child.once('exit', (code) => done(code)));
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const up = await Promise.race([
      eventually(() => output.includes('shop is up:'), UP_TIMEOUT_MS),
      exited.then(() => false),
    ]);
    if (!up) throw new Error(`npm run observe did not come up:\n${output.slice(-6000)}`);
    const address = (pattern: RegExp) => {
      const found = pattern.exec(output)?.[1];
      if (!found) throw new Error(`no ${pattern} in the output:\n${output.slice(-6000)}`);
      return found;
    };
    printed = {
      prometheus: address(/^ {2}Prometheus +(http:\/\/\S+)/m),
      alerts: address(/^ {2}Alerts +(http:\/\/\S+)/m),
      targets: address(/^ {2}Targets +(http:\/\/\S+)/m),
      traces: address(/^ {2}Traces +(http:\/\/\S+)/m),
      otlp: address(/^ {2}OTLP\/HTTP +(http:\/\/\S+)/m),
      shop: address(/shop is up: (http:\/\/\S+?)\/? /),
    };
  }, UP_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    // Only if a test failed before the stop below: do not leave the stack behind.
    if (child?.pid && groupAlive(child.pid)) {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  });

  it('scrapes every app and the collector, with the SLO rules and alerts loaded', async () => {
    const targets = (await getJson(printed.targets)).data.activeTargets as Array<{
      health: string;
      labels: Record<string, string>;
    }>;
    expect(targets.map((target) => target.labels['app']).sort()).toEqual(['gateway', 'inventory', 'order', 'otel-collector', 'payment', 'user']);
    for (const target of targets) expect(target).toMatchObject({ health: 'up', labels: { namespace: 'shop' } });

    const groups = (await getJson(`${printed.prometheus}/api/v1/rules`)).data.groups as Array<{ rules: Array<{ name: string; health: string; type: string }> }>;
    const rules = groups.flatMap((group) => group.rules);
    expect(rules.filter((rule) => rule.type === 'alerting').map((rule) => rule.name)).toEqual(
      expect.arrayContaining(['ShopErrorBudgetBurnFast', 'ShopErrorBudgetBurnSlow']),
    );
    expect(rules.filter((rule) => rule.health === 'err')).toEqual([]);
    expect(Array.isArray((await getJson(printed.alerts)).data.alerts)).toBe(true);
  });

  it("evaluates the SLO recording rules on the shop's own traffic", async () => {
    // The catalog's latency SLI: the share of product reads slower than the objective, over 5m.
    const query = `${printed.prometheus}/api/v1/query?query=${encodeURIComponent('slo:sli_error:ratio_rate5m{slo="catalog-latency"}')}`;
    let value = Number.NaN;
    const evaluated = await eventually(async () => {
      // Reads keep coming while we wait, so that the rate over two scrapes is never 0/0.
      expect((await fetch(`${printed.shop}/api/v1/products?pageSize=2`)).status).toBe(200);
      value = Number((await getJson(query)).data.result[0]?.value[1]);
      return Number.isFinite(value);
    }, 90_000);
    expect(evaluated, 'the catalog latency SLI was never recorded').toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }, 100_000);

  it('answers at every address it printed', async () => {
    expect((await fetch(`${printed.prometheus}/-/ready`)).status).toBe(200);
    const traces = await getJson(printed.traces);
    expect(Array.isArray(traces.data)).toBe(true);
    const exported = await fetch(`${printed.otlp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
    expect(exported.status).toBe(200);
    const storefront = await fetch(`${printed.shop}/`);
    expect(storefront.status).toBe(200);
    expect(storefront.headers.get('content-type')).toContain('text/html');
  });

  it('stops everything on Ctrl-C', async () => {
    // Everything it started, the apps, Prometheus and the collector among them (they run in process
    // groups of their own, which the terminal's signal does not reach).
    const started = descendants(child.pid!);
    expect(started.length).toBeGreaterThanOrEqual(9);
    // What a terminal does: SIGINT to every process of the foreground group.
    process.kill(-child.pid!, 'SIGINT');
    const gone = await eventually(() => !groupAlive(child.pid!) && started.every((pid) => !alive(pid)), 60_000);
    const left = started.filter(alive).map((pid) => `${pid}: ${commandOf(pid)}`);
    expect(gone, `processes left 60 s after Ctrl-C:\n${left.join('\n')}\n${output.slice(-3000)}`).toBe(true);
  }, 70_000);
});

/** Every process below `root` now (children, theirs, ...), from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (command) state ppid ...": the command may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); // a zombie has exited
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 200);
  } catch {
    return '?';
  }
}

/** Is any process of the group led by `pid` still running? */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the APIs' JSON, read where used
async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}
