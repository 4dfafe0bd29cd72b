import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Violations planted in files that do not exist, linted with the workspace's own config: the
// boundary rules must flag each one, and must not flag the same import where it is allowed.
const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['a bottom lib importing one above it', 'libs/config/src/planted.ts', "import { createRedis } from '@shop/redis';\nvoid createRedis;\n"],
    ['another bottom lib importing one above it', 'libs/logging/src/planted.ts', "import { createClient } from '@shop/rpc';\nvoid createClient;\n"],
    ['production code importing the test harness', 'apps/order/src/planted.ts', "import { failure } from '@shop/testing';\nvoid failure;\n"],
    ['production code importing the local system runner', 'libs/service/src/planted.ts', "import { freePort } from '@shop/local-system';\nvoid freePort;\n"],
  ])('fail lint: %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([expect.stringMatching(/can only depend on libs tagged with/)]);
  });

  it('let tests use the harness', async () => {
    expect(await boundaryErrors('apps/order/test/planted.test.ts', "import { failure } from '@shop/testing';\nvoid failure;\n")).toEqual([]);
  });
});
