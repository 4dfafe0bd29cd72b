import type { ReactNode } from 'react';
import { ApiError, describeError } from './api/problems';
import type { Money } from './api/types';
import { formatMoney } from './money';

export function Price({ money }: { money: Money | null | undefined }) {
  return <>{money ? formatMoney(money) : '—'}</>;
}

/**
 * An error as a message the shopper can act on. Outages (503, 504, no answer) are shown as a
 * degraded part of a working page, with the rest of the page and the navigation still usable.
 */
export function ErrorNotice({ error, notFound }: { error: unknown; notFound?: string }) {
  const degraded = error instanceof ApiError && (error.degraded || error.status === 429);
  return (
    <div className={degraded ? 'notice notice-degraded' : 'notice notice-error'} role="alert">
      {degraded && <strong>Temporarily unavailable. </strong>}
      {describeError(error, { notFound })}
    </div>
  );
}

/**
 * The footer of a table of order lines (the cart's, an order's): the total under the line totals,
 * which are the fourth column. `actionsColumn` closes the row for a table with a fifth one.
 */
export function TotalFooter({ total, testId, actionsColumn = false }: { total: Money | null | undefined; testId?: string; actionsColumn?: boolean }) {
  return (
    <tfoot>
      <tr>
        <th scope="row" colSpan={3}>
          Total
        </th>
        <td className="total" data-testid={testId}>
          <Price money={total} />
        </td>
        {actionsColumn && <td />}
      </tr>
    </tfoot>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 id="page-title">{children}</h1>;
}

export function stockLabel(available: number): string {
  if (available <= 0) return 'Out of stock';
  if (available < 10) return `Only ${available} left`;
  return 'In stock';
}
