import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultContext } from './faults';
import { signUp } from './traffic';

const WRONG_PASSWORDS = 100;
const IN_FLIGHT = 8;

/**
 * Wrong passwords for one account, many at once, while another account logs in correctly: the
 * flooded account is refused (401, then 429 from its limiter), the other is never refused, and no
 * breaker opens on the limiter's refusals.
 */
export async function loginFlood({ shop, tally, violation, note }: FaultContext): Promise<void> {
  const api = `${shop.gatewayUrl}/api/v1/auth`;
  const login = async (email: string, password: string): Promise<number | 'no answer'> => {
    const status = await fetch(`${api}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(12_000),
    }).then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 'no answer' as const,
    );
    tally.count(status);
    return status;
  };
  const [flooded, bystander] = await Promise.all([signUp(shop.gatewayUrl, 'flooded'), signUp(shop.gatewayUrl, 'bystander')]);

  const floodStatuses: Array<number | 'no answer'> = [];
  let sent = 0;
  let flooding = true;
  const flood = Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < WRONG_PASSWORDS) {
        sent++;
        floodStatuses.push(await login(flooded.email, 'not the password at all'));
      }
    }),
  ).finally(() => (flooding = false));
  const bystanderStatuses: Array<number | 'no answer'> = [];
  while (flooding || bystanderStatuses.length < 10) {
    bystanderStatuses.push(await login(bystander.email, bystander.password));
    await sleep(100);
  }
  await flood;

  const counts = (statuses: Array<number | 'no answer'>) => {
    const byStatus = new Map<string, number>();
    for (const status of statuses) byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
    return [...byStatus].map(([status, count]) => `${count}× ${status}`).join(', ');
  };
  note(`flooded account: ${counts(floodStatuses)}; another account's correct logins: ${counts(bystanderStatuses)}`);
  const refused = bystanderStatuses.filter((status) => status !== 200).length;
  if (refused > 0) violation(`${refused} of ${bystanderStatuses.length} correct logins of another account were refused during the flood`);
  if (!floodStatuses.includes(429)) violation('the flooded account was never limited (no 429)');
}
