import { createLogger } from '@shop/logging';
import { Registry } from '@shop/metrics';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineFlag, faultFlags, followHogs, injectLatency, RuntimeFlags, type Flag } from '../src';

const ratio = defineFlag({ key: 'ratio', defaultValue: 0, schema: z.number().min(0).max(1), description: 'a share' });
const limit = defineFlag({ key: 'limit', defaultValue: 100, schema: z.number().int().min(1), description: 'a limit' });
const enabled = defineFlag({ key: 'enabled', defaultValue: false, schema: z.boolean(), description: 'a switch' });
const mode = defineFlag({ key: 'mode', defaultValue: 'calm', schema: z.enum(['calm', 'busy']), description: 'a choice' });
const logger = createLogger({ service: 'flags-test', level: 'silent' });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shop-flags-lib-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function file(flags: Record<string, unknown>): string {
  return JSON.stringify({
    flags: Object.fromEntries(Object.entries(flags).map(([key, value]) => [key, { state: 'ENABLED', variants: { v: value }, defaultVariant: 'v' }])),
  });
}

describe('RuntimeFlags', () => {
  it('keeps every default without a flags file', async () => {
    const flags = await RuntimeFlags.open({ flags: [ratio, limit, enabled], logger, registry: new Registry() });
    expect([flags.get(ratio), flags.get(limit), flags.get(enabled)]).toEqual([0, 100, false]);
  });

  it('takes valid values from the file, refuses invalid or mistyped ones, and defaults what it does not set', async () => {
    const path = join(dir, 'flags.json');
    await writeFile(path, file({ ratio: 0.25, limit: 0, enabled: 'yes', mode: 'busy' }));
    const registry = new Registry();
    const flags = await RuntimeFlags.open({ path, flags: [ratio, limit, enabled, mode], logger, registry });
    try {
      expect(flags.get(ratio)).toBe(0.25);
      expect(flags.get(mode)).toBe('busy');
      expect(flags.get(limit)).toBe(100); // 0 is below the minimum: refused
      expect(flags.get(enabled)).toBe(false); // a string for a boolean: refused
      const text = await registry.metrics();
      expect(text).toMatch(/^feature_flag_value\{flag="ratio"\} 0.25$/m);
      expect(text).toMatch(/^feature_flag_info\{flag="mode",value="busy"\} 1$/m);
      expect(text).toMatch(/^feature_flag_refused_total\{flag="limit"\} 1$/m);
      expect(text).toMatch(/^feature_flag_refused_total\{flag="enabled"\} 1$/m);
    } finally {
      await flags.close();
    }
  });
});

describe('flags an app adds to the chassis, and the chassis fault flags', () => {
  it('evaluates flags defined after opening, refuses a second definition, and injects latency only while a flag asks for it', async () => {
    const path = join(dir, 'chassis.json');
    await writeFile(path, file({ ratio: 0.5, 'db-latency-ms': 40, 'memory-hog-mb': 32 }));
    const registry = new Registry();
    const flags = await RuntimeFlags.open({ path, flags: Object.values(faultFlags), logger, registry });
    const stopHogs = followHogs(flags);
    try {
      await flags.define([ratio]);
      expect(flags.get(ratio)).toBe(0.5);
      await expect(flags.define([ratio])).rejects.toThrow('flag ratio is defined twice');
      expect(RuntimeFlags.current).toBe(flags);

      expect(injectLatency(faultFlags.redisLatencyMs)).toBeUndefined(); // off: no promise, no cost
      const paused = injectLatency(faultFlags.dbLatencyMs);
      expect(paused).toBeInstanceOf(Promise);
      await paused;
      // The memory hog holds what the flag asks for, as resident buffers.
      expect(process.memoryUsage().arrayBuffers).toBeGreaterThanOrEqual(32 * 2 ** 20);
      expect(await registry.metrics()).toMatch(/^feature_flag_value\{flag="memory-hog-mb"\} 32$/m);
    } finally {
      stopHogs();
      await flags.close();
    }
    expect(RuntimeFlags.current).toBeUndefined();
  });
});

describe('targeting', () => {
  it("sets a flag for one app alone from one file, by the app's name in the evaluation context", async () => {
    const path = join(dir, 'targeted.json');
    const targeted = {
      state: 'ENABLED',
      variants: { hog: 50, off: 0 },
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'service' }, 'order'] }, 'hog', 'off'] },
    };
    await writeFile(path, JSON.stringify({ flags: { 'cpu-hog-percent': targeted } }));
    const values: number[] = [];
    for (const service of ['order', 'inventory']) {
      const flags = await RuntimeFlags.open({ path, flags: [faultFlags.cpuHogPercent], context: { service }, logger, registry: new Registry() });
      values.push(flags.get(faultFlags.cpuHogPercent));
      await flags.close();
    }
    expect(values).toEqual([50, 0]);
  });
});

describe("the chart's flags file (deploy/helm/shop/flags/flags.json)", () => {
  it('is valid for the provider and turns every fault off', async () => {
    const path = join(import.meta.dirname, '..', '..', '..', 'deploy', 'helm', 'shop', 'flags', 'flags.json');
    const faults: Flag<number | string>[] = [
      defineFlag({ key: 'payment-failure-ratio', defaultValue: 0.5, schema: z.number().min(0).max(1), description: '' }),
      defineFlag({ key: 'payment-latency-ms', defaultValue: 100, schema: z.number().int().min(0), description: '' }),
      defineFlag({ key: 'payment-failure-code', defaultValue: 'INTERNAL', schema: z.string(), description: '' }),
    ];
    const registry = new Registry();
    const flags = await RuntimeFlags.open({ path, flags: faults, logger, registry });
    try {
      expect(faults.map((flag) => flags.get(flag))).toEqual([0, 0, 'UNAVAILABLE']);
      expect(await registry.metrics()).not.toMatch(/^feature_flag_refused_total\{[^}]*\} [1-9]/m);
    } finally {
      await flags.close();
    }
  });
});
