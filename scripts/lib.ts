import { spawn, type SpawnOptions } from 'node:child_process';

/** Node 24 is what shop runs on; npm scripts get it from the `node` package in node_modules/.bin. */
export function requireNode24(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 24) {
    console.error(
      `shop runs on Node 24 (this is ${process.version}). Run it through npm (npm start, npm test), ` +
        'which puts node_modules/.bin/node (Node 24, from the `node` package) first on PATH.',
    );
    process.exit(1);
  }
}

/** Runs a command to completion with inherited output; resolves with its exit code. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.once('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
  });
}
