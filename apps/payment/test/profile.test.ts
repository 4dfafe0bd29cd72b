import { freshDatabase, type FreshDatabase } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedStart } from './support';

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
    const output = await refusedStart(db.url, { SHOP_PROFILE: 'production', GRPC_MESH_MTLS: 'true', PAYMENT_PROCESSOR: 'simulator' });
    expect(output).toContain('PAYMENT_PROCESSOR: the simulator approves any valid card number');
  });

  it('refuses the simulator by default: production is the profile unless local is asked for', async () => {
    const output = await refusedStart(db.url, { SHOP_PROFILE: '', GRPC_MESH_MTLS: 'true' });
    expect(output).toContain('PAYMENT_PROCESSOR');
  });

  it('refuses a processor it does not know', async () => {
    const output = await refusedStart(db.url, { SHOP_PROFILE: 'local', PAYMENT_PROCESSOR: 'acme' });
    expect(output).toContain('PAYMENT_PROCESSOR: expected one of simulator');
  });
});
