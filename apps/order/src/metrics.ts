import { Counter, Gauge, type Registry } from '@shop/metrics';

/** Order's business metrics, beside the chassis's RED metrics: what happened to orders, not to calls. */
export interface OrderMetrics {
  /** Orders that came to rest, by outcome. */
  outcomes: Counter<'outcome'>;
  /** The saga backlog, measured once per recovery tick: alerts watch the age of the oldest. */
  inFlight: Gauge;
  oldestInFlight: Gauge;
}

export function orderMetrics(registry: Registry): OrderMetrics {
  const outcomes = new Counter({
    name: 'orders_total',
    help: 'Orders that came to rest, by outcome (confirmed, failed, cancelled).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['confirmed', 'failed', 'cancelled']) outcomes.inc({ outcome }, 0);
  return {
    outcomes,
    inFlight: new Gauge({
      name: 'orders_in_flight',
      help: 'Orders whose saga has not come to rest (checkout or cancellation under way, or waiting for recovery).',
      registers: [registry],
    }),
    oldestInFlight: new Gauge({
      name: 'orders_in_flight_oldest_seconds',
      help: 'Age of the oldest order whose saga has not come to rest; 0 when there is none.',
      registers: [registry],
    }),
  };
}
