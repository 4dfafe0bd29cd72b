import { Counter, type Registry } from '@shop/metrics';

/** Inventory's business metrics, beside the chassis's RED metrics: what happened to stock, not to calls. */
export interface InventoryMetrics {
  /** Reservation state changes, by the state reached. */
  reservations: Counter<'outcome'>;
}

export function inventoryMetrics(registry: Registry): InventoryMetrics {
  return {
    reservations: new Counter({
      name: 'inventory_reservations_total',
      help: 'Reservation state changes, by the state reached.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
