import { useQuery } from '@tanstack/react-query';
import { Form, Link, NavLink, Outlet, useSearchParams } from 'react-router';
import { useShopApi } from './session/hooks';
import { useSession } from './session/session';

export function Layout() {
  const { session, logOut } = useSession();
  const shop = useShopApi();
  const [params] = useSearchParams();
  // The count is a nicety: if the order service is down the header just leaves it out.
  const cart = useQuery({ queryKey: ['cart'], queryFn: shop.getCart, enabled: session !== undefined, retry: false });
  const count = cart.data?.items.reduce((sum, item) => sum + item.quantity, 0);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          shop
        </Link>
        <Form method="get" action="/" role="search" className="search">
          <label htmlFor="search" className="visually-hidden">
            Search products
          </label>
          <input id="search" type="search" name="q" placeholder="Search products" defaultValue={params.get('q') ?? ''} key={params.get('q')} maxLength={200} />
          <button type="submit">Search</button>
        </Form>
        <nav aria-label="Account">
          <ul>
            <li>
              <NavLink to="/cart">Cart{count ? ` (${count})` : ''}</NavLink>
            </li>
            {session ? (
              <>
                <li>
                  <NavLink to="/orders">Orders</NavLink>
                </li>
                <li className="who">{session.user.email}</li>
                <li>
                  <button type="button" className="link-button" onClick={logOut}>
                    Log out
                  </button>
                </li>
              </>
            ) : (
              <li>
                <NavLink to="/login">Log in</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          shop is a reference system: no real money moves. The API is described at <a href="/api/openapi.json">/api/openapi.json</a>.
        </p>
      </footer>
    </>
  );
}
