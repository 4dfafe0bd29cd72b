import { Metadata, status } from '@grpc/grpc-js';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { startChildSpan, type ChildSpan } from '@shop/tracing';

/*
 * gRPC spans owned by the chassis, on the OpenTelemetry API: one server span per handled call and one
 * client span per call made, W3C context carried in the call's metadata. Nothing is patched; without
 * an exporter the SDK's sampler hands back non-recording spans (they still carry the trace ids the
 * logs show) and no attribute is built. Under a caller whose trace is not sampled (nine calls in ten
 * at a 10% ratio) no span is made at all: the caller's span context is carried on (startChildSpan).
 */

const tracer = trace.getTracer('@shop/rpc');

const metadataGetter: TextMapGetter<Metadata> = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const [value] = carrier.get(key);
    return value === undefined ? undefined : String(value);
  },
};
const metadataSetter: TextMapSetter<Metadata> = { set: (carrier, key, value) => carrier.set(key, value) };

/** Server codes that say the call failed on our side (the span's status is then ERROR). */
const SERVER_FAULTS: ReadonlySet<number> = new Set([status.UNKNOWN, status.INTERNAL, status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.DATA_LOSS, status.UNIMPLEMENTED]);

function attributes(span: Span, path: string): void {
  const slash = path.lastIndexOf('/');
  span.setAttributes({ 'rpc.system': 'grpc', 'rpc.service': path.slice(1, slash), 'rpc.method': path.slice(slash + 1) });
}

/**
 * The server span of an incoming call, continuing the trace its metadata carries, with the context
 * to run the call in (the span active). End it with endServerSpan.
 */
export function serverSpan(path: string, metadata: Metadata): ChildSpan {
  const parent = propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
  const child = startChildSpan(tracer, path.slice(1), { kind: SpanKind.SERVER }, parent);
  if (child.span.isRecording()) attributes(child.span, path);
  return child;
}

/** The client span of an outgoing call; its context is written into `metadata` for the callee. End it with endClientSpan. */
export function clientSpan(path: string, metadata: Metadata): ChildSpan {
  const child = startChildSpan(tracer, path.slice(1), { kind: SpanKind.CLIENT }, context.active());
  if (child.span.isRecording()) attributes(child.span, path);
  propagation.inject(child.context, metadata, metadataSetter);
  return child;
}

/** Ends a server span with the call's code, its status an error for the codes that say the server failed. */
export function endServerSpan(span: Span, code: status): void {
  endSpan(span, code, SERVER_FAULTS.has(code));
}

/** Ends a client span with the call's code; any code but OK is an error for the caller. */
export function endClientSpan(span: Span, code: status): void {
  endSpan(span, code, code !== status.OK);
}

// Functions of the module rather than a closure and an object per span: every call makes a span
// on each side.
function endSpan(span: Span, code: status, fault: boolean): void {
  if (span.isRecording()) {
    span.setAttribute('rpc.grpc.status_code', code);
    if (fault) span.setStatus({ code: SpanStatusCode.ERROR, message: status[code] });
  }
  span.end();
}
