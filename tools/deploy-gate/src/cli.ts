import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { GateDefinitionError, loadGateDefinition, parseGateDefinition, type GateDefinition } from './definition';
import { forCanaryVersion, judgeDefinition } from './gate';
import type { Verdict } from './judge';
import { markdownError, markdownReport, textReport } from './report';
import { createGateServer } from './serve';

/** What a pipeline branches on. */
export const EXIT_CODES: Record<Verdict | 'ERROR', number> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 2, ERROR: 3 };

export const USAGE = `Usage: deploy-gate --definition <gate.yaml> [options]
       deploy-gate serve --definitions <dir> [--port 8080] [--prometheus-url <url>]

Judges a canary against the stable version from Prometheus metrics.
Exit codes: 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 ERROR (bad definition, Prometheus unreachable, bad query).

Options:
  -d, --definition <file>     gate definition (YAML, see deploy/helm/shop/gates/)
      --prometheus-url <url>  overrides prometheus.url
      --canary-label k=v      adds or replaces a canary matcher (repeatable), e.g. version=<sha>
      --stable-label k=v      adds or replaces a stable matcher (repeatable)
      --canary-version <v>    the canary is version=<v>, the stable every other version
      --json                  print the report as JSON instead of a table
      --markdown-file <file>  append the report as Markdown (default: $GITHUB_STEP_SUMMARY when set)
  -h, --help                  show this

serve: Flagger's webhook (rollout, confirm-promotion) on POST /gate, GET /healthz; the Canary's
metadata names the app (<dir>/<app>.yaml), its namespace and the canary's version. 200 on PASS,
412 on FAIL or INCONCLUSIVE, 503 on ERROR.
`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

function labels(pairs: string[] | undefined, option: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new GateDefinitionError(`${option} expects label=value, got '${pair}'`);
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

/** Runs the CLI; answers the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let markdownFile: string | undefined = io.env['GITHUB_STEP_SUMMARY'] || undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        definition: { type: 'string', short: 'd' },
        'prometheus-url': { type: 'string' },
        'canary-label': { type: 'string', multiple: true },
        'stable-label': { type: 'string', multiple: true },
        'canary-version': { type: 'string' },
        json: { type: 'boolean', default: false },
        'markdown-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    markdownFile = values['markdown-file'] ?? markdownFile;
    if (!values.definition) throw new GateDefinitionError('--definition <gate.yaml> is required');

    const file = await loadGateDefinition(values.definition);
    const loaded = values['canary-version'] ? forCanaryVersion(file, values['canary-version']) : file;
    // Overrides are validated by the same schema as the file.
    const definition: GateDefinition = parseGateDefinition(
      {
        ...loaded,
        prometheus: { ...loaded.prometheus, url: values['prometheus-url'] ?? loaded.prometheus.url },
        selectors: {
          canary: { ...loaded.selectors.canary, ...labels(values['canary-label'], '--canary-label') },
          stable: { ...loaded.selectors.stable, ...labels(values['stable-label'], '--stable-label') },
        },
      },
      `${values.definition} with the command-line overrides`,
    );
    const report = await judgeDefinition(definition);
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : textReport(report));
    if (markdownFile) await appendFile(markdownFile, markdownReport(report));
    return EXIT_CODES[report.verdict];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`deploy-gate: ERROR: ${message}\n`);
    if (markdownFile) await appendFile(markdownFile, markdownError(message)).catch(() => undefined);
    return EXIT_CODES.ERROR;
  }
}

/** `deploy-gate serve`: answers Flagger's webhooks until SIGTERM. */
export async function runServe(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        definitions: { type: 'string' },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '0.0.0.0' },
        'prometheus-url': { type: 'string' },
      },
      strict: true,
    });
    if (!values.definitions) throw new GateDefinitionError('--definitions <dir> is required');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GateDefinitionError(`--port expects a port number, got '${values.port}'`);
    const server = createGateServer({ definitions: values.definitions, prometheusUrl: values['prometheus-url'] });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, values.host, resolve));
    const address = server.address();
    io.out(`${JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : port })}\n`);
    await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  } catch (error) {
    io.err(`deploy-gate: ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.ERROR;
  }
}
