import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * With --check on the command line: reports `file` (and sets exit code 1) when it does not hold
 * `content`, saying how to fix it. Without: writes `content` to `file`. Returns false on a mismatch.
 */
export function checkOrWrite(file: string, content: string | Buffer, regenerate: string): boolean {
  const name = relative(REPO_ROOT, file);
  if (!process.argv.includes('--check')) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return true;
  }
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(content))) return true;
  console.error(`check-generated: ${name} is out of date: run \`${regenerate}\` and commit the result.`);
  process.exitCode = 1;
  return false;
}
