import { COLLECTOR_CONFIG, COLLECTOR_MISSING, findCollector } from '@shop/local-system';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `jaeger validate`: exit code and output, never throwing on a non-zero exit. */
async function validate(config: string): Promise<{ code: number; output: string }> {
  const binary = findCollector();
  if (!binary) throw new Error(COLLECTOR_MISSING);
  try {
    const { stdout, stderr } = await run(binary, ['validate', '--config', config]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe("the collector's configuration, checked by the collector itself", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shop-collector-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes `validate`', async () => {
    const { code, output } = await validate(COLLECTOR_CONFIG);
    expect(code, output).toBe(0);
  });

  it('would fail `validate` with a misspelt tail-sampling setting', async () => {
    const broken = (await readFile(COLLECTOR_CONFIG, 'utf8')).replace('decision_wait:', 'decision_wiat:');
    await writeFile(join(dir, 'broken.yaml'), broken);
    const { code, output } = await validate(join(dir, 'broken.yaml'));
    expect(code).not.toBe(0);
    expect(output).toContain('invalid keys: decision_wiat');
  });
});
