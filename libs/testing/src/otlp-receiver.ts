import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** Span events (e.g. `feature_flag.evaluation`) with their string attributes. */
  events: Array<{ name: string; attributes: Record<string, string> }>;
  /** The trace ids of the span's links. */
  linkedTraceIds: string[];
}

type OtlpAttributes = Array<{ key: string; value: { stringValue?: string } }>;

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        events?: Array<{ name: string; attributes?: OtlpAttributes }>;
        links?: Array<{ traceId: string }>;
      }>;
    }>;
  }>;
}

/** A local OTLP/HTTP JSON endpoint (what a collector offers on :4318) that keeps what it receives. */
export interface OtlpReceiver {
  /** Use as OTEL_EXPORTER_OTLP_ENDPOINT, with OTEL_EXPORTER_OTLP_PROTOCOL=http/json. */
  endpoint: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
        for (const resourceSpan of body.resourceSpans ?? []) {
          const service =
            resourceSpan.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpan.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                name: span.name,
                events: (span.events ?? []).map((event) => ({
                  name: event.name,
                  attributes: Object.fromEntries((event.attributes ?? []).map((a) => [a.key, a.value.stringValue ?? ''])),
                })),
                linkedTraceIds: (span.links ?? []).map((link) => link.traceId),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
