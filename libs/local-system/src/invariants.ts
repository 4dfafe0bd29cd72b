import pg from 'pg';

/*
 * The checkout invariants, read straight from the three databases that hold the truth (order's
 * orders, payment's payments, inventory's products and reservations). Meant for quiet moments:
 * every order at rest, nothing in flight. Returns one readable line per violation; none is good.
 * Order's tests and the fault matrix (tools/chaos) judge the system with it.
 */

export interface InvariantDatabases {
  orderUrl: string;
  paymentUrl: string;
  inventoryUrl: string;
}

/** Units each product had when the test put it on the shelf. */
export type InitialStock = Record<string, number>;

interface OrderRow {
  id: string;
  state: string;
  step: string | null;
  total_minor: string;
}

interface PaymentRow {
  order_id: string;
  state: string;
  amount_minor: string | null;
}

interface ReservationRow {
  order_id: string;
  state: string;
}

const NO_MONEY_KEPT = new Set(['DECLINED', 'REFUNDED', 'VOIDED']);
const NO_STOCK_KEPT = new Set(['RELEASED', 'EXPIRED']);

export async function checkInvariants(databases: InvariantDatabases, initialStock: InitialStock): Promise<string[]> {
  const [orders, payments, inventory] = await Promise.all([
    read(databases.orderUrl, async (db) => (await db.query<OrderRow>('SELECT id, state, step, total_minor FROM orders')).rows),
    read(databases.paymentUrl, async (db) => (await db.query<PaymentRow>('SELECT order_id, state, amount_minor FROM payments')).rows),
    read(databases.inventoryUrl, async (db) => ({
      reservations: (await db.query<ReservationRow>('SELECT order_id, state FROM reservations')).rows,
      stock: (
        await db.query<{ sku: string; stock: number; held: string; committed: string }>(
          `SELECT p.sku, p.stock,
                  coalesce(sum(i.quantity) FILTER (WHERE r.state = 'HELD'), 0) AS held,
                  coalesce(sum(i.quantity) FILTER (WHERE r.state = 'COMMITTED'), 0) AS committed
           FROM products p
           LEFT JOIN reservation_items i ON i.sku = p.sku
           LEFT JOIN reservations r ON r.order_id = i.order_id
           GROUP BY p.sku, p.stock`,
        )
      ).rows,
    })),
  ]);

  const violations: string[] = [];
  const paymentOf = new Map(payments.map((payment) => [payment.order_id, payment]));
  const reservationOf = new Map(inventory.reservations.map((reservation) => [reservation.order_id, reservation]));
  const orderIds = new Set(orders.map((order) => order.id));

  for (const order of orders) {
    const payment = paymentOf.get(order.id);
    const reservation = reservationOf.get(order.id);
    const where = `order ${order.id} (${order.step ? `${order.state}/${order.step}` : order.state})`;
    if (order.step !== null) {
      violations.push(`${where} is not at rest`);
      continue;
    }
    if (order.state === 'CONFIRMED') {
      if (payment?.state !== 'CAPTURED') violations.push(`${where}: payment is ${payment?.state ?? 'absent'}, not CAPTURED`);
      else if (Number(payment.amount_minor) !== Number(order.total_minor)) {
        violations.push(`${where}: captured ${payment.amount_minor}, order total ${order.total_minor}`);
      }
      if (reservation?.state !== 'COMMITTED') violations.push(`${where}: reservation is ${reservation?.state ?? 'absent'}, not COMMITTED`);
    } else {
      // FAILED or CANCELLED: no money kept, no stock kept.
      if (payment && !NO_MONEY_KEPT.has(payment.state)) violations.push(`${where}: payment is ${payment.state}`);
      if (reservation && !NO_STOCK_KEPT.has(reservation.state)) violations.push(`${where}: reservation is ${reservation.state}`);
    }
  }

  // Money or stock taken for an order that does not exist is lost to everyone.
  for (const payment of payments) {
    if (!orderIds.has(payment.order_id) && !NO_MONEY_KEPT.has(payment.state)) {
      violations.push(`payment ${payment.order_id} is ${payment.state} but no such order exists`);
    }
  }
  for (const reservation of inventory.reservations) {
    if (!orderIds.has(reservation.order_id) && !NO_STOCK_KEPT.has(reservation.state)) {
      violations.push(`reservation ${reservation.order_id} is ${reservation.state} but no such order exists`);
    }
  }

  for (const product of inventory.stock) {
    const initial = initialStock[product.sku];
    if (initial === undefined) continue;
    const accounted = product.stock + Number(product.held) + Number(product.committed);
    if (accounted !== initial) {
      violations.push(
        `product ${product.sku}: stock ${product.stock} + held ${product.held} + committed ${product.committed} = ${accounted}, initial ${initial}`,
      );
    }
  }
  return violations;
}

async function read<T>(url: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'order-invariants' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
