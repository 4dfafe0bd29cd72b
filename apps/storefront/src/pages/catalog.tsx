import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { Product } from '../api/types';
import { ErrorNotice, Loading, PageTitle, Price, stockLabel } from '../components';
import { useShopApi } from '../session/hooks';

/** The shop's departments: the catalog's top-level tags. */
export const DEPARTMENTS = ['coffee', 'tea', 'kitchen', 'books'] as const;

const PAGE_SIZE = 12;

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Where "Previous page" goes: the tokens of the pages before this one, kept in history state. */
interface PagingState {
  previous?: string[];
}

export function CatalogPage() {
  const shop = useShopApi();
  const [params] = useSearchParams();
  const location = useLocation();
  const q = params.get('q')?.trim() ?? '';
  const tag = params.get('tag') ?? '';
  const pageToken = params.get('page') ?? '';
  const previous = (location.state as PagingState | null)?.previous ?? [];

  const products = useQuery({
    queryKey: ['products', q, tag, pageToken],
    queryFn: () => shop.listProducts({ q, tag, pageToken, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const href = (changes: Record<string, string>) => {
    const next = new URLSearchParams({ ...(q ? { q } : {}), ...(tag ? { tag } : {}), ...changes });
    for (const [name, value] of [...next]) if (!value) next.delete(name);
    const text = next.toString();
    return text ? `/?${text}` : '/';
  };

  const title = q ? `Results for “${q}”` : tag ? capitalize(tag) : 'All products';
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <nav aria-label="Departments" className="departments">
        <ul>
          <li>
            <Link to={href({ tag: '', page: '' })} aria-current={tag === '' ? 'page' : undefined}>
              All
            </Link>
          </li>
          {DEPARTMENTS.map((name) => (
            <li key={name}>
              <Link to={href({ tag: name, page: '' })} aria-current={tag === name ? 'page' : undefined}>
                {capitalize(name)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {products.isPending && <Loading what="products" />}
      {products.isError && <ErrorNotice error={products.error} />}
      {products.data && products.data.products.length === 0 && (
        <p role="status">{q ? `Nothing matches “${q}”. Try other words.` : 'No products here yet.'}</p>
      )}
      {products.data && products.data.products.length > 0 && (
        <ul className="product-grid" aria-label="Products">
          {products.data.products.map((product, index) => (
            <ProductCard key={product.sku} product={product} eager={index < 4} />
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="pager">
        {pageToken && (
          <Link to={href({ page: previous[previous.length - 1] ?? '' })} state={{ previous: previous.slice(0, -1) } satisfies PagingState}>
            ← Previous page
          </Link>
        )}
        {products.data?.nextPageToken && (
          <Link to={href({ page: products.data.nextPageToken })} state={{ previous: [...previous, pageToken] } satisfies PagingState}>
            Next page →
          </Link>
        )}
      </nav>
    </>
  );
}

function ProductCard({ product, eager }: { product: Product; eager: boolean }) {
  return (
    <li className="product-card">
      <Link to={`/products/${encodeURIComponent(product.sku)}`}>
        {product.imageUrl && (
          <img src={product.imageUrl} alt="" width={320} height={300} loading={eager ? 'eager' : 'lazy'} decoding="async" />
        )}
        <span className="product-name">{product.name}</span>
      </Link>
      <span className="price">
        <Price money={product.price} />
      </span>
      <span className={product.availableStock > 0 ? 'stock' : 'stock stock-out'}>{stockLabel(product.availableStock)}</span>
    </li>
  );
}
