import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Link, Outlet, useRouteError } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { ApiError } from './api/problems';
import { ErrorNotice, PageTitle } from './components';
import { Layout } from './layout';
import { CartPage } from './pages/cart';
import { CatalogPage } from './pages/catalog';
import { CheckoutPage } from './pages/checkout';
import { LoginPage } from './pages/login';
import { OrderPage, OrdersPage } from './pages/orders';
import { ProductPage } from './pages/product';
import { RequireSession } from './session/require-session';
import { SessionProvider } from './session/session';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Retry what may pass (an outage, no answer) once; a 4xx will not change by asking again.
      retry: (failures, error) => failures < 1 && error instanceof ApiError && error.degraded,
      refetchOnWindowFocus: false,
    },
  },
});

/** Providers that need the router (the session navigates to the login page). */
function Root() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}

function RouteError() {
  return (
    <main id="main">
      <PageTitle>Something went wrong</PageTitle>
      <ErrorNotice error={useRouteError()} />
      <p>
        <Link to="/">Back to the catalog</Link>
      </p>
    </main>
  );
}

function NotFoundPage() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page at this address. <Link to="/">Browse the catalog</Link>.
      </p>
    </>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <CatalogPage /> },
          { path: 'products/:sku', element: <ProductPage /> },
          { path: 'login', element: <LoginPage mode="login" key="login" /> },
          { path: 'register', element: <LoginPage mode="register" key="register" /> },
          { path: 'cart', element: <RequireSession><CartPage /></RequireSession> },
          { path: 'checkout', element: <RequireSession><CheckoutPage /></RequireSession> },
          { path: 'orders', element: <RequireSession><OrdersPage /></RequireSession> },
          { path: 'orders/:id', element: <RequireSession><OrderPage /></RequireSession> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
