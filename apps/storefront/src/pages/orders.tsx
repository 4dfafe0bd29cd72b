import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Order, OrderState } from '../api/types';
import { ErrorNotice, Loading, PageTitle, Price, TotalFooter } from '../components';
import { useShopApi } from '../session/hooks';

/** OrderService's failure_reason codes, for people. */
const FAILURE_REASONS: Record<string, string> = {
  payment_declined: 'your card was declined',
  insufficient_funds: 'your card was declined for insufficient funds',
  card_rejected: 'the card details were not accepted',
  out_of_stock: 'some items ran out of stock',
  product_unavailable: 'some items are no longer sold',
  reservation_rejected: 'the items could not be reserved',
  reservation_expired: 'the reservation expired before payment completed',
  reservation_missing: 'the reservation was lost',
  payment_unresolved: 'the payment could not be completed',
  payment_conflict: 'the payment could not be completed',
  checkout_interrupted: 'the checkout was interrupted',
};

export function failureText(reason: string | null): string {
  if (!reason) return 'the order could not be completed';
  return FAILURE_REASONS[reason] ?? reason.replaceAll('_', ' ');
}

const STATE_LABELS: Record<OrderState, string> = {
  PENDING: 'Processing',
  CONFIRMED: 'Confirmed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

const dateTime = (value: string | null) =>
  value ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)) : '';

export function OrdersPage() {
  const shop = useShopApi();
  const [params] = useSearchParams();
  const page = params.get('page') ?? undefined;
  const orders = useQuery({ queryKey: ['orders', page], queryFn: () => shop.listOrders(page) });
  return (
    <>
      <PageTitle>Your orders</PageTitle>
      {orders.isPending && <Loading what="your orders" />}
      {orders.isError && <ErrorNotice error={orders.error} />}
      {orders.data && orders.data.orders.length === 0 && (
        <p>
          No orders yet. <Link to="/">Browse the catalog</Link>.
        </p>
      )}
      {orders.data && orders.data.orders.length > 0 && (
        <table className="lines">
          <caption className="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">State</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.orders.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link to={`/orders/${order.id}`}>Order {order.id.slice(0, 8)}</Link>
                </td>
                <td>{dateTime(order.createdAt)}</td>
                <td>
                  <span className={`state state-${order.state.toLowerCase()}`}>{STATE_LABELS[order.state]}</span>
                </td>
                <td>
                  <Price money={order.total} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages" className="pager">
        {page && <Link to="/orders">Newest orders</Link>}
        {orders.data?.nextPageToken && <Link to={`/orders?page=${encodeURIComponent(orders.data.nextPageToken)}`}>Older orders →</Link>}
      </nav>
    </>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const shop = useShopApi();
  const queryClient = useQueryClient();
  const order = useQuery({
    queryKey: ['order', id],
    queryFn: () => shop.getOrder(id),
    // A PENDING order is still being decided: ask again until it is at rest.
    refetchInterval: (query) => (query.state.data?.state === 'PENDING' ? 1000 : false),
  });
  const cancel = useMutation({
    mutationFn: () => shop.cancelOrder(id),
    onSuccess: async (cancelled: Order) => {
      queryClient.setQueryData(['order', id], cancelled);
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });

  if (order.isPending) return <Loading what="the order" />;
  if (order.isError && !order.data) {
    return (
      <>
        <PageTitle>Order</PageTitle>
        <ErrorNotice error={order.error} notFound="There is no such order in your account." />
      </>
    );
  }
  const data = order.data;
  return (
    <>
      <PageTitle>Order {data.id.slice(0, 8)}</PageTitle>
      <div aria-live="polite" data-testid="order-outcome">
        <OrderOutcome order={data} />
      </div>
      {order.isError && <ErrorNotice error={order.error} />}
      <table className="lines">
        <caption className="visually-hidden">Items of this order</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((item) => (
            <tr key={item.sku}>
              <td>
                <Link to={`/products/${encodeURIComponent(item.sku)}`}>{item.name || item.sku}</Link>
              </td>
              <td>{item.quantity}</td>
              <td>
                <Price money={item.unitPrice} />
              </td>
              <td>
                <Price money={item.lineTotal} />
              </td>
            </tr>
          ))}
        </tbody>
        <TotalFooter total={data.total} />
      </table>
      <p>Placed {dateTime(data.createdAt)}.</p>
      {data.state === 'CONFIRMED' && (
        <p>
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel order
          </button>
        </p>
      )}
      {cancel.isError && <ErrorNotice error={cancel.error} />}
      <p>
        <Link to="/orders">All your orders</Link>
      </p>
    </>
  );
}

function OrderOutcome({ order }: { order: Order }) {
  switch (order.state) {
    case 'CONFIRMED':
      return <p className="notice notice-ok">Confirmed: thank you for your order.</p>;
    case 'FAILED':
      return (
        <p className="notice notice-error">
          Failed: {failureText(order.failureReason)}. You are not charged for it, and its items are back in stock.
        </p>
      );
    case 'CANCELLED':
      return <p className="notice notice-info">Cancelled: the payment was refunded.</p>;
    case 'PENDING':
      return (
        <p className="notice notice-info" role="status">
          Processing: your payment is being confirmed. This page updates by itself.
        </p>
      );
  }
}
