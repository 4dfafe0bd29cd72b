import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Cart, CartItem } from '../api/types';
import { ErrorNotice, Loading, PageTitle, Price, TotalFooter } from '../components';
import { useShopApi } from '../session/hooks';

export function CartPage() {
  const shop = useShopApi();
  const queryClient = useQueryClient();
  const cart = useQuery({ queryKey: ['cart'], queryFn: shop.getCart });
  const change = useMutation({
    mutationFn: ({ sku, quantity }: { sku: string; quantity: number }) =>
      quantity > 0 ? shop.setQuantity(sku, quantity) : shop.removeItem(sku),
    onSuccess: (updated: Cart) => queryClient.setQueryData(['cart'], updated),
  });

  return (
    <>
      <PageTitle>Your cart</PageTitle>
      {cart.isPending && <Loading what="your cart" />}
      {cart.isError && <ErrorNotice error={cart.error} />}
      {change.isError && <ErrorNotice error={change.error} />}
      {cart.data && cart.data.items.length === 0 && (
        <p>
          Your cart is empty. <Link to="/">Browse the catalog</Link>.
        </p>
      )}
      {cart.data && cart.data.items.length > 0 && (
        <>
          <table className="lines">
            <caption className="visually-hidden">Items in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Unit price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.data.items.map((item) => (
                <CartLine key={item.sku} item={item} busy={change.isPending} onChange={(quantity) => change.mutate({ sku: item.sku, quantity })} />
              ))}
            </tbody>
            <TotalFooter total={cart.data.total} testId="cart-total" actionsColumn />
          </table>
          {cart.data.items.some((item) => !item.available) ? (
            <p className="notice notice-error" role="alert">
              Some items are not available in the quantity you chose. Change or remove them to check out.
            </p>
          ) : (
            <p>
              <Link className="button" to="/checkout">
                Go to checkout
              </Link>
            </p>
          )}
        </>
      )}
    </>
  );
}

function CartLine({ item, busy, onChange }: { item: CartItem; busy: boolean; onChange: (quantity: number) => void }) {
  const name = item.name || item.sku;
  const choices = Array.from({ length: Math.max(10, item.quantity) }, (_, i) => i + 1);
  return (
    <tr className={item.available ? undefined : 'unavailable'}>
      <td>
        <Link to={`/products/${encodeURIComponent(item.sku)}`}>{name}</Link>
        {!item.available && <span className="flag">{item.name ? 'Not available in this quantity' : 'No longer sold'}</span>}
      </td>
      <td>
        <Price money={item.unitPrice} />
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`quantity-${item.sku}`}>
          Quantity of {name}
        </label>
        <select id={`quantity-${item.sku}`} value={item.quantity} disabled={busy} onChange={(event) => onChange(Number(event.target.value))}>
          {choices.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </td>
      <td>
        <Price money={item.lineTotal} />
      </td>
      <td>
        <button type="button" className="link-button" disabled={busy} onClick={() => onChange(0)}>
          Remove<span className="visually-hidden"> {name}</span>
        </button>
      </td>
    </tr>
  );
}
