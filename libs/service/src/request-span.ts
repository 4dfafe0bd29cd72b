import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';

const tracer = trace.getTracer('@shop/service');

/**
 * The server span of every HTTP request, owned by the chassis (one span per request, none per
 * Express middleware). The edge starts a new trace for each request: a client's `traceparent` is
 * kept only as a link, so a caller outside cannot choose our trace ids or our sampling (the
 * `traceresponse` header tells it the trace its request became), and inbound `baggage` is never read, so it can reach neither our logs nor the services behind us. Without an
 * exporter the span does not record and no attribute is built; it still gives the request's log
 * lines their trace id.
 */
export function requestSpan(): RequestHandler {
  return (req, res, next) => {
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, root: true, links: inboundLink(req) }, ROOT_CONTEXT);
    if (span.isRecording()) span.setAttributes({ 'http.request.method': req.method, 'url.path': req.path, 'url.scheme': req.protocol });
    // W3C Trace Context's traceresponse: the client learns which trace its request became.
    const { traceId, spanId, traceFlags } = span.spanContext();
    if (isSpanContextValid(span.spanContext())) res.setHeader('traceresponse', `00-${traceId}-${spanId}-0${traceFlags & 1}`);
    res.once('close', () => {
      if (span.isRecording()) {
        const route = routeOf(req);
        if (route) {
          span.updateName(`${req.method} ${route}`);
          span.setAttribute('http.route', route);
        }
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
    context.with(trace.setSpan(ROOT_CONTEXT, span), next);
  };
}

/** The route template (`/api/v1/products/:sku`), never the raw path: span names stay few. */
export function routeOf(req: Request): string | undefined {
  return req.route ? `${req.baseUrl}${String(req.route.path)}` : undefined;
}

function inboundLink(req: Request): Link[] | undefined {
  if (req.headers.traceparent === undefined) return undefined;
  const inbound = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, req.headers));
  return inbound && isSpanContextValid(inbound) ? [{ context: inbound, attributes: { 'shop.link': 'client traceparent' } }] : undefined;
}
