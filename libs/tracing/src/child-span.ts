import { isSpanContextValid, trace, TraceFlags, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';

export interface ChildSpan {
  readonly span: Span;
  /** `parent` with `span` active: what the work (and the calls it makes) runs in. */
  readonly context: Context;
}

/**
 * A span for work done under `parent`, unless the parent's trace is not sampled: then no span is
 * built at all (no ids, no sampler, no new context). The parent's own span context stands in for
 * it, wrapped as a non-recording span (`trace.wrapSpanContext`), so log lines written inside still
 * carry the trace id (and the nearest span id upstream), and W3C context propagated from it still
 * continues the same trace, unsampled. This follows the caller's decision, as the parent-based
 * samplers do (the SDK's default, and the ratio the chart configures); with a parent that is not
 * sampled they would make a non-recording span with fresh ids nobody sees. Without a parent (a
 * root) or under a sampled one, the tracer decides as usual.
 */
export function startChildSpan(tracer: Tracer, name: string, options: SpanOptions, parent: Context): ChildSpan {
  const parentSpanContext = trace.getSpanContext(parent);
  if (parentSpanContext && isSpanContextValid(parentSpanContext) && (parentSpanContext.traceFlags & TraceFlags.SAMPLED) === 0) {
    return { span: trace.wrapSpanContext(parentSpanContext), context: parent };
  }
  const span = tracer.startSpan(name, options, parent);
  return { span, context: trace.setSpan(parent, span) };
}
