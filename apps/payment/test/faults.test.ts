import { status } from '@grpc/grpc-js';
import { freshDatabase, startApp, type FreshDatabase, type RunningApp } from '@shop/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeRequest, failure, orderId, paymentClient, PaymentsTable, refusedStart, type PaymentClient } from './support';

/** Fault injection (PAYMENT_FAULT_* and the payment-* flags): the configured failure, and never a write behind it. */
describe('payment fault injection', () => {
  let db: FreshDatabase;
  let table: PaymentsTable;
  let failing: RunningApp, slow: RunningApp;
  let failingClient: PaymentClient, slowClient: PaymentClient;
  let flagsDir: string;

  beforeAll(async () => {
    db = await freshDatabase('payment_faults');
    // The status of an injected failure is a flag only (UNAVAILABLE unless the file says otherwise).
    flagsDir = await mkdtemp(join(tmpdir(), 'shop-payment-faults-'));
    const flagsFile = join(flagsDir, 'flags.json');
    await writeFile(flagsFile, JSON.stringify({ flags: { 'payment-failure-code': { state: 'ENABLED', variants: { v: 'RESOURCE_EXHAUSTED' }, defaultVariant: 'v' } } }));
    [failing, slow] = await Promise.all([
      startApp('payment', { mode: 'source', env: { DATABASE_URL: db.url, PAYMENT_FAULT_ERROR_RATE: '1', FLAGS_FILE: flagsFile } }),
      // Ten minutes: far longer than any test, so only the deadline can end the wait.
      startApp('payment', { mode: 'source', env: { DATABASE_URL: db.url, PAYMENT_FAULT_LATENCY_MS: '600000' } }),
    ]);
    failingClient = paymentClient(failing.grpcAddress);
    slowClient = paymentClient(slow.grpcAddress);
    table = new PaymentsTable(db.url);
  });

  afterAll(async () => {
    failingClient?.close();
    slowClient?.close();
    await table?.close();
    await Promise.all([failing?.stop(), slow?.stop()]);
    await db?.drop();
    if (flagsDir) await rm(flagsDir, { recursive: true, force: true });
  });

  it('fails Charge and Refund with the configured code and writes nothing, not even a fence', async () => {
    const request = chargeRequest();
    expect((await failure(failingClient.charge(request))).code).toBe(status.RESOURCE_EXHAUSTED);
    expect((await failure(failingClient.refund({ orderId: request.orderId }))).code).toBe(status.RESOURCE_EXHAUSTED);
    expect(await table.row(request.orderId!)).toBeUndefined();
    // Reads are not faulted: they touch no processor.
    expect((await failure(failingClient.getPayment({ orderId: request.orderId }))).code).toBe(status.NOT_FOUND);
  });

  it('validates before injecting: bad input is still INVALID_ARGUMENT', async () => {
    const error = await failure(failingClient.charge(chargeRequest({ card: { cvc: '1' } })));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
  });

  it('cuts injected latency short at the deadline, and writes nothing', async () => {
    const request = chargeRequest();
    const refundId = orderId();
    const [charge, refund] = await Promise.all([
      failure(slowClient.charge(request, { timeoutMs: 500 })),
      failure(slowClient.refund({ orderId: refundId }, { timeoutMs: 500 })),
    ]);
    expect(charge.code).toBe(status.DEADLINE_EXCEEDED);
    expect(refund.code).toBe(status.DEADLINE_EXCEEDED);
    // The service itself gave up at the deadline rather than sleeping on: its handlers finished.
    for (const method of ['Charge', 'Refund']) {
      const rpc = `/shop.payment.v1.PaymentService/${method}`;
      await slow.process.waitForLine((_line, log) => log?.['rpc'] === rpc && log['code'] === 'DEADLINE_EXCEEDED');
    }
    expect(await table.rows([request.orderId!, refundId])).toEqual([]);
  });

  it('refuses to start with a failure ratio out of range, naming the variable', async () => {
    const output = await refusedStart(db.url, { PAYMENT_FAULT_ERROR_RATE: '2' });
    expect(output).toContain('PAYMENT_FAULT_ERROR_RATE');
  });
});
