import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session';

/** Pages of the shopper's own data: without a session, log in first and come back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session, expired } = useSession();
  const location = useLocation();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}${expired ? '&expired=1' : ''}`} replace />;
  }
  return <>{children}</>;
}
