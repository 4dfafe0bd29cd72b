import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * With --check on the command line: exits 1, saying how to fix it, when `file` does not hold
 * `content`. Without: writes `content` to `file`.
 */
export function checkOrWrite(file: string, content: string | Buffer, regenerate: string): void {
  const name = relative(REPO_ROOT, file);
  if (!process.argv.includes('--check')) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${name}`);
    return;
  }
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(content))) {
    console.log(`check-generated: ${name} is up to date.`);
    return;
  }
  console.error(`check-generated: ${name} is out of date: run \`${regenerate}\` and commit the result.`);
  process.exitCode = 1;
}
