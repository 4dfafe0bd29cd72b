import { freshDatabase, startTsxProcess, type FreshDatabase } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The processor is chosen by configuration, and the simulator never runs in production. */
describe('payment processor selection', () => {
  let db: FreshDatabase;

  beforeAll(async () => {
    db = await freshDatabase('payment_profile');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('refuses to start the simulated processor when SHOP_PROFILE=production, naming the variable', async () => {
    const child = startTsxProcess('apps/payment/src/main.ts', {
      DATABASE_URL: db.url,
      PORT: '0',
      ADMIN_PORT: '0',
      SHOP_PROFILE: 'production',
      GRPC_MESH_MTLS: 'true',
      PAYMENT_PROCESSOR: 'simulator',
    });
    const exit = await child.exited;
    expect(exit.code, child.output()).toBe(78);
    expect(child.output()).toContain('PAYMENT_PROCESSOR: the simulator approves any valid card number');
  });

  it('refuses the simulator by default: production is the profile unless local is asked for', async () => {
    const child = startTsxProcess('apps/payment/src/main.ts', { DATABASE_URL: db.url, PORT: '0', ADMIN_PORT: '0', SHOP_PROFILE: '', GRPC_MESH_MTLS: 'true' });
    const exit = await child.exited;
    expect(exit.code, child.output()).toBe(78);
    expect(child.output()).toContain('PAYMENT_PROCESSOR');
  });

  it('refuses a processor it does not know', async () => {
    const child = startTsxProcess('apps/payment/src/main.ts', {
      DATABASE_URL: db.url,
      PORT: '0',
      ADMIN_PORT: '0',
      SHOP_PROFILE: 'local',
      PAYMENT_PROCESSOR: 'acme',
    });
    const exit = await child.exited;
    expect(exit.code, child.output()).toBe(78);
    expect(child.output()).toContain('PAYMENT_PROCESSOR: expected one of simulator');
  });
});
