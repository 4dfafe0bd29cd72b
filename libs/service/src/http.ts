/**
 * `@shop/service/http`: service defaults for an HTTP edge. A separate entry point so that gRPC apps
 * never load Express.
 */
export { requestBudget, runHttpService, type HttpServiceApp, type HttpServiceSpec } from './http-service';
