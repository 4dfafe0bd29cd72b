import { Metadata, status } from '@grpc/grpc-js';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { startChildSpan } from '@shop/tracing';

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

export interface CallSpan {
  /** The context to run the call in (the span active, the caller's trace continued). */
  readonly context: Context;
  end(code: status): void;
}

function attributes(span: Span, path: string): void {
  const slash = path.lastIndexOf('/');
  span.setAttributes({ 'rpc.system': 'grpc', 'rpc.service': path.slice(1, slash), 'rpc.method': path.slice(slash + 1) });
}

function ender(span: Span, faults: (code: status) => boolean) {
  return (code: status) => {
    if (span.isRecording()) {
      span.setAttribute('rpc.grpc.status_code', code);
      if (faults(code)) span.setStatus({ code: SpanStatusCode.ERROR, message: status[code] });
    }
    span.end();
  };
}

/** The server span of an incoming call, continuing the trace its metadata carries. */
export function serverSpan(path: string, metadata: Metadata): CallSpan {
  const parent = propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
  const { span, context: callContext } = startChildSpan(tracer, path.slice(1), { kind: SpanKind.SERVER }, parent);
  if (span.isRecording()) attributes(span, path);
  return { context: callContext, end: ender(span, (code) => SERVER_FAULTS.has(code)) };
}

/** The client span of an outgoing call; its context is written into `metadata` for the callee. */
export function clientSpan(path: string, metadata: Metadata): CallSpan {
  const { span, context: callContext } = startChildSpan(tracer, path.slice(1), { kind: SpanKind.CLIENT }, context.active());
  if (span.isRecording()) attributes(span, path);
  propagation.inject(callContext, metadata, metadataSetter);
  return { context: callContext, end: ender(span, (code) => code !== status.OK) };
}
