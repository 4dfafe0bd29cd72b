/** The trace store's query API (Jaeger's /api/traces), read the way its UI reads it. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  processID: string;
  tags: Array<{ key: string; value: unknown }>;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** The trace, or undefined while the store does not have it. */
export async function getTrace(queryUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET /api/traces/${traceId}: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { data: JaegerTrace[] };
  return body.data[0];
}

export function servicesOf(trace: JaegerTrace): Set<string> {
  return new Set(trace.spans.map((span) => trace.processes[span.processID]!.serviceName));
}

/** Spans whose parent is not in the trace: only the entry span, whose parent is the test's own context. */
export function orphansOf(trace: JaegerTrace): JaegerSpan[] {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  return trace.spans.filter((span) => span.references.some((ref) => ref.refType === 'CHILD_OF' && !ids.has(ref.spanID)));
}

export function isError(span: JaegerSpan): boolean {
  return span.tags.some((tag) => (tag.key === 'error' && tag.value === true) || (tag.key === 'otel.status_code' && tag.value === 'ERROR'));
}
