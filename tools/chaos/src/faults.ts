// The faults of the matrix, each injected for real on the running shop. A fault calls `recovered`
// with the moment it ended (once per injection), and the prober measures from there.
import { SYSTEM_APPS } from '@shop/local-system';
import { setTimeout as sleep } from 'node:timers/promises';
import { fuzz } from './fuzz';
import { loginFlood } from './login-flood';
import type { ChaosShop } from './shop';
import type { Tally } from './traffic';

export interface FaultContext {
  shop: ChaosShop;
  /** Measures recovery from `endedAt` (epoch ms); call once per injection, after its end. */
  recovered(endedAt: number): Promise<void>;
  /** Requests the fault itself made (a flood, a fuzzer), counted in its row. */
  tally: Tally;
  /** A rule the fault broke beyond the table's columns; the row then fails. */
  violation(text: string): void;
  note(text: string): void;
}

export interface Fault {
  name: string;
  /** Part of the short form that `npm test` runs. */
  short: boolean;
  inject(context: FaultContext): Promise<void>;
}

const OUTAGE_MS = 5_000;
/** Longer than the gateway's request budget (5 s), so callers give up before the service answers. */
const FREEZE_MS = 8_000;

export const FAULTS: readonly Fault[] = [
  {
    name: 'order SIGKILLed and restarted (twice)',
    short: true,
    async inject({ shop, recovered }) {
      for (let round = 0; round < 2; round++) {
        await shop.kill('order');
        await sleep(1_000);
        await shop.startReplica('order');
        await recovered(Date.now());
      }
    },
  },
  {
    name: 'payment SIGKILLed and restarted',
    short: false,
    async inject({ shop, recovered }) {
      await shop.kill('payment');
      await sleep(1_000);
      await shop.startReplica('payment');
      await recovered(Date.now());
    },
  },
  {
    name: `Redis stopped for ${OUTAGE_MS / 1000} s, restarted empty`,
    short: true,
    async inject({ shop, recovered }) {
      await shop.stopRedis('services');
      await sleep(OUTAGE_MS);
      await shop.startRedis('services');
      await recovered(Date.now());
    },
  },
  {
    name: `Redis frozen (SIGSTOP) for ${OUTAGE_MS / 1000} s`,
    short: false,
    async inject({ shop, recovered }) {
      shop.signalRedis('SIGSTOP');
      await sleep(OUTAGE_MS);
      shop.signalRedis('SIGCONT');
      await recovered(Date.now());
    },
  },
  {
    name: "order's Postgres connections reset (pg_terminate_backend)",
    short: true,
    async inject({ shop, recovered, note }) {
      note(`${await shop.resetConnections('order')} connections reset`);
      await recovered(Date.now());
    },
  },
  {
    name: 'Postgres restarted',
    short: false,
    async inject({ shop, recovered }) {
      await shop.stopPostgres();
      await sleep(2_000);
      await shop.startPostgres();
      await recovered(Date.now());
    },
  },
  {
    name: `inventory frozen (SIGSTOP) for ${FREEZE_MS / 1000} s, past its callers' deadlines`,
    short: false,
    async inject({ shop, recovered }) {
      shop.signal('inventory', 'SIGSTOP');
      await sleep(FREEZE_MS);
      shop.signal('inventory', 'SIGCONT');
      await recovered(Date.now());
    },
  },
  {
    name: `inventory failing half its reservations for ${OUTAGE_MS / 1000} s (fault flag)`,
    short: false,
    async inject({ shop, recovered }) {
      await shop.setFlags({ 'inventory-failure-ratio': 0.5 }, 'inventory');
      await sleep(OUTAGE_MS);
      await shop.setFlags({ 'inventory-failure-ratio': 0 }, 'inventory');
      await recovered(Date.now());
    },
  },
  {
    name: `every database round trip 300 ms slower for ${OUTAGE_MS / 1000} s (fault flag)`,
    short: false,
    async inject({ shop, recovered }) {
      await shop.setFlags({ 'db-latency-ms': 300 }, 'order');
      await sleep(OUTAGE_MS);
      await shop.setFlags({ 'db-latency-ms': 0 }, 'order');
      await recovered(Date.now());
    },
  },
  {
    name: 'rolling restart of every app (new replica ready, then SIGTERM to the old)',
    short: false,
    async inject({ shop, recovered }) {
      for (const app of SYSTEM_APPS) await shop.rollingRestart(app);
      await recovered(Date.now());
    },
  },
  {
    name: `the gateway's own Redis stopped for ${OUTAGE_MS / 1000} s, restarted empty`,
    short: false,
    async inject({ shop, recovered }) {
      await shop.stopRedis('gateway');
      await sleep(OUTAGE_MS);
      await shop.startRedis('gateway');
      await recovered(Date.now());
    },
  },
  {
    name: 'login flood on one account',
    short: true,
    async inject(context) {
      await loginFlood(context);
      await context.recovered(Date.now());
    },
  },
  {
    name: 'API fuzzed from its OpenAPI document (schemathesis)',
    short: false,
    async inject(context) {
      await fuzz(context);
      await context.recovered(Date.now());
    },
  },
];
