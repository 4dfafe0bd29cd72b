import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorNotice, Loading, PageTitle, Price, stockLabel } from '../components';
import { useShopApi } from '../session/hooks';
import { useSession } from '../session/session';

export function ProductPage() {
  const { sku = '' } = useParams();
  const shop = useShopApi();
  const { session } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState(1);

  const product = useQuery({ queryKey: ['product', sku], queryFn: () => shop.getProduct(sku) });
  const addToCart = useMutation({
    mutationFn: async (units: number) => {
      // PUT sets the line's quantity: add to what the cart already holds.
      const cart = await queryClient.fetchQuery({ queryKey: ['cart'], queryFn: shop.getCart, staleTime: 0 });
      const current = cart.items.find((item) => item.sku === sku)?.quantity ?? 0;
      return shop.setQuantity(sku, current + units);
    },
    onSuccess: (cart) => queryClient.setQueryData(['cart'], cart),
  });

  if (product.isPending) return <Loading what="the product" />;
  if (product.isError) {
    return (
      <>
        <PageTitle>Product</PageTitle>
        <ErrorNotice error={product.error} notFound="This product is not in the catalog (any more)." />
        <p>
          <Link to="/">Back to the catalog</Link>
        </p>
      </>
    );
  }
  const item = product.data;
  const soldOut = item.availableStock <= 0;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!session) {
      void navigate(`/login?next=${encodeURIComponent(`/products/${sku}`)}`);
      return;
    }
    addToCart.mutate(quantity);
  };

  return (
    <article className="product-page">
      {item.imageUrl && <img src={item.imageUrl} alt={item.name} width={320} height={300} />}
      <div>
        <PageTitle>{item.name}</PageTitle>
        <p className="price price-large">
          <Price money={item.price} />
        </p>
        <p className={soldOut ? 'stock stock-out' : 'stock'}>{stockLabel(item.availableStock)}</p>
        <p>{item.description}</p>
        <form onSubmit={onSubmit} className="add-to-cart">
          <label htmlFor="quantity">Quantity</label>
          <select id="quantity" value={quantity} onChange={(event) => setQuantity(Number(event.target.value))} disabled={soldOut}>
            {Array.from({ length: Math.max(1, Math.min(10, item.availableStock)) }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <button type="submit" disabled={soldOut || addToCart.isPending}>
            {session ? 'Add to cart' : 'Log in to add to cart'}
          </button>
        </form>
        <div aria-live="polite">
          {addToCart.isSuccess && (
            <p className="notice notice-ok">
              Added to your cart. <Link to="/cart">View cart</Link>
            </p>
          )}
        </div>
        {addToCart.isError && <ErrorNotice error={addToCart.error} />}
        {item.tags.length > 0 && (
          <p className="tags">
            Tags:{' '}
            {item.tags.map((tag, index) => (
              <span key={tag}>
                {index > 0 && ', '}
                <Link to={`/?tag=${encodeURIComponent(tag)}`}>{tag}</Link>
              </span>
            ))}
          </p>
        )}
      </div>
    </article>
  );
}
