import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/problems';
import type { Card } from '../api/types';
import { CheckoutAttempts, checkoutIntent } from '../checkout/attempts';
import { ErrorNotice, Loading, PageTitle, Price } from '../components';
import { useShopApi } from '../session/hooks';
import { useSession } from '../session/session';

/** The simulated processor's test cards (apps/payment/README.md). */
export const TEST_CARDS = [
  { number: '4242424242424242', outcome: 'Approved' },
  { number: '4000000000000002', outcome: 'Declined' },
  { number: '4000000000009995', outcome: 'Declined: insufficient funds' },
  { number: '4000000000000119', outcome: 'Processor error' },
] as const;

// Module state: an attempt that failed without an answer outlives a visit to another page.
const attempts = new CheckoutAttempts();

export function CheckoutPage() {
  const shop = useShopApi();
  const { session } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cart = useQuery({ queryKey: ['cart'], queryFn: shop.getCart });
  const thisYear = new Date().getFullYear();
  const [card, setCard] = useState<Card>({ number: '', expMonth: 12, expYear: thisYear + 3, cvc: '', holderName: '' });
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  // A ref, not state: a double click delivers both clicks before React re-renders the disabled button.
  const inFlight = useRef(false);

  const update = (field: keyof Card) => (event: { target: { value: string } }) =>
    setCard((current) => ({ ...current, [field]: field === 'expMonth' || field === 'expYear' ? Number(event.target.value) : event.target.value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current || !cart.data || !session) return;
    inFlight.current = true;
    setSending(true);
    setError(undefined);
    try {
      const number = card.number.replace(/[\s-]/g, '');
      const body = { ...card, number, holderName: card.holderName.trim() };
      const key = attempts.keyFor(await checkoutIntent({ userId: session.user.id, card: body, cart: cart.data.items }));
      const order = await shop.placeOrder(body, key);
      attempts.settle();
      queryClient.setQueryData(['order', order.id], order);
      await queryClient.invalidateQueries({ queryKey: ['cart'] });
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      void navigate(`/orders/${order.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  if (cart.isPending) return <Loading what="your cart" />;
  if (cart.isError) return <ErrorNotice error={cart.error} />;
  if (cart.data.items.length === 0) {
    return (
      <>
        <PageTitle>Checkout</PageTitle>
        <p>
          Your cart is empty. <Link to="/">Browse the catalog</Link>.
        </p>
      </>
    );
  }
  const unanswered = error instanceof ApiError && (error.degraded || error.status === 429);

  return (
    <>
      <PageTitle>Checkout</PageTitle>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">Order summary</h2>
        <ul className="summary">
          {cart.data.items.map((item) => (
            <li key={item.sku}>
              {item.quantity} × {item.name || item.sku} — <Price money={item.lineTotal} />
            </li>
          ))}
        </ul>
        <p className="total">
          Total: <Price money={cart.data.total} />
        </p>
      </section>
      <section aria-labelledby="payment-title">
        <h2 id="payment-title">Payment</h2>
        <form onSubmit={(event) => void onSubmit(event)} className="stacked card-form">
          <label htmlFor="card-number">Card number</label>
          <input id="card-number" inputMode="numeric" autoComplete="cc-number" required pattern="[\d\s\-]{12,23}" value={card.number} onChange={update('number')} />
          <div className="row">
            <div>
              <label htmlFor="card-month">Expiry month</label>
              <select id="card-month" autoComplete="cc-exp-month" value={card.expMonth} onChange={update('expMonth')}>
                {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
                  <option key={month} value={month}>
                    {String(month).padStart(2, '0')}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="card-year">Expiry year</label>
              <select id="card-year" autoComplete="cc-exp-year" value={card.expYear} onChange={update('expYear')}>
                {Array.from({ length: 12 }, (_, i) => thisYear + i).map((year) => (
                  <option key={year} value={year}>
                    {year}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="card-cvc">Security code (CVC)</label>
              <input id="card-cvc" inputMode="numeric" autoComplete="cc-csc" required pattern="\d{3,4}" value={card.cvc} onChange={update('cvc')} />
            </div>
          </div>
          <label htmlFor="card-name">Name on card</label>
          <input id="card-name" autoComplete="cc-name" required maxLength={200} value={card.holderName} onChange={update('holderName')} />
          <button type="submit" disabled={sending}>
            {sending ? 'Placing your order…' : 'Place order'}
          </button>
        </form>
        <div aria-live="polite">
          {error !== undefined && <ErrorNotice error={error} />}
          {unanswered && <p className="hint">Placing the order again is safe: it will not be made or charged twice.</p>}
        </div>
      </section>
      <section aria-labelledby="test-cards-title" className="test-cards">
        <h2 id="test-cards-title">Test cards</h2>
        <p>This shop charges no real money. Use any future expiry date and any 3-digit code with:</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Card number</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {TEST_CARDS.map((test) => (
              <tr key={test.number}>
                <td>
                  <code>{test.number}</code>
                </td>
                <td>{test.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
