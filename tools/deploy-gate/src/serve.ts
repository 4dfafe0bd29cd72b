import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { loadGateDefinition, parseGateDefinition } from './definition';
import { forCanaryVersion, judgeDefinition, type GateReport } from './gate';
import { textReport } from './report';

/**
 * The gate as Flagger's webhook (`rollout` and `confirm-promotion`): POST /gate with Flagger's
 * payload, whose metadata (set in the Canary by the chart) names the app, its namespace and the
 * canary's version. 200 only on PASS; FAIL and INCONCLUSIVE (too little traffic is not a pass) answer
 * 412, an error 503: Flagger counts every non-2xx as a failed check and rolls back after
 * `threshold` of them. The body is the report, which Flagger logs with the failed check.
 */
const flaggerPayload = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1),
  phase: z.string().optional(),
  metadata: z.object({
    app: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected an app name'),
    version: z.string().min(1),
    namespace: z.string().min(1).optional(),
  }),
});

export interface GateServerOptions {
  /** Directory of <app>.yaml gate definitions. */
  definitions: string;
  /** Overrides every definition's prometheus.url. */
  prometheusUrl?: string | undefined;
  log?: (line: Record<string, unknown>) => void;
}

export const STATUS = { PASS: 200, FAIL: 412, INCONCLUSIVE: 412, ERROR: 503, BAD_REQUEST: 400 } as const;

const MAX_BODY_BYTES = 64 * 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('payload too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Judges one Flagger request: the status to answer and the report (or error) to send. */
export async function judgeWebhook(body: unknown, options: GateServerOptions): Promise<{ status: number; text: string; report?: GateReport }> {
  const parsed = flaggerPayload.safeParse(body);
  if (!parsed.success) return { status: STATUS.BAD_REQUEST, text: `not a Flagger webhook payload: ${parsed.error.message}\n` };
  const { metadata, namespace } = parsed.data;
  try {
    const loaded = await loadGateDefinition(join(options.definitions, `${metadata.app}.yaml`));
    const definition = parseGateDefinition(
      forCanaryVersion({ ...loaded, prometheus: { ...loaded.prometheus, url: options.prometheusUrl ?? loaded.prometheus.url } }, metadata.version, metadata.namespace ?? namespace),
      `${metadata.app}.yaml for ${metadata.version}`,
    );
    const report = await judgeDefinition(definition);
    return { status: STATUS[report.verdict], text: textReport(report), report };
  } catch (error) {
    return { status: STATUS.ERROR, text: `deploy-gate: ERROR: ${error instanceof Error ? error.message : String(error)}\n` };
  }
}

export function createGateServer(options: GateServerOptions): Server {
  const log = options.log ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  return createServer((request, response) => {
    const answer = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    if (request.method === 'GET' && request.url === '/healthz') return answer(200, 'ok\n');
    if (request.url !== '/gate') return answer(404, 'not found\n');
    if (request.method !== 'POST') return answer(405, 'POST only\n');
    readJson(request)
      .then((body) => judgeWebhook(body, options))
      .catch((error: unknown) => ({ status: STATUS.BAD_REQUEST, text: `bad request: ${(error as Error).message}\n`, report: undefined }))
      .then(({ status, text, report }) => {
        log({ msg: 'gate', status, verdict: report?.verdict, selectors: report?.selectors, reasons: report?.checks.flatMap((check) => check.reasons) });
        answer(status, text);
      });
  });
}
