import { status } from '@grpc/grpc-js';
import type { ChargeRequest } from '@shop/rpc/generated/shop/payment/v1/ChargeRequest';
import { startTestApp, type RunningApp, type TestApp } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARDS,
  chargeRequest,
  failure,
  orderId,
  paymentClient,
  paymentsCounted,
  PaymentsTable,
  type PaymentClient,
} from './support';

describe('PaymentService against Postgres, as a process', () => {
  let payment: TestApp<'payment'>;
  let app: RunningApp;
  let client: PaymentClient;
  let table: PaymentsTable;

  beforeAll(async () => {
    // LOG_LEVEL trace: the test that no card number or CVC is logged then covers every level.
    payment = await startTestApp('payment', { mode: 'source', env: { LOG_LEVEL: 'trace' } });
    app = payment.app;
    client = paymentClient(app.grpcAddress);
    table = new PaymentsTable(payment.database.url);
  });

  afterAll(async () => {
    client?.close();
    await table?.close();
    await payment?.stop();
  });

  describe('Charge outcomes', () => {
    it.each([
      [CARDS.visa, 'visa', '4242'],
      [CARDS.mastercard, 'mastercard', '4444'],
      [CARDS.mastercard2Series, 'mastercard', '3222'],
      [CARDS.amex, 'amex', '0005'],
      [CARDS.discover, 'unknown', '1117'],
    ])('captures %s as %s, keeping only brand and last four digits', async (number, brand, last4) => {
      const request = chargeRequest({ card: { number } });
      const { payment } = await client.charge(request);
      expect(payment).toMatchObject({
        orderId: request.orderId,
        state: 'PAYMENT_STATE_CAPTURED',
        amount: { amountMinor: 1999, currencyCode: 'USD' },
        cardBrand: brand,
        cardLast4: last4,
        declineReason: '',
      });
      expect((await client.getPayment({ orderId: request.orderId })).payment).toEqual(payment);
      const row = await table.row(request.orderId!);
      expect(row).toMatchObject({ state: 'CAPTURED', card_brand: brand, card_last4: last4 });
    });

    it('never stores a card number or CVC', async () => {
      const dump = await table.dump();
      expect(dump).not.toBe('');
      for (const number of Object.values(CARDS)) expect(dump).not.toContain(number);
      expect(dump).not.toMatch(/cvc|holder|Ada Lovelace/i);
    });

    it.each([
      [CARDS.declined, 'card_declined'],
      [CARDS.insufficientFunds, 'insufficient_funds'],
    ])('records %s as DECLINED (%s): a definite outcome, not an error', async (number, reason) => {
      const request = chargeRequest({ card: { number } });
      const { payment } = await client.charge(request);
      expect(payment).toMatchObject({
        state: 'PAYMENT_STATE_DECLINED',
        declineReason: reason,
        cardLast4: number.slice(-4),
      });
      // A repeat returns the decline; it does not try the card again.
      expect((await client.charge(request)).payment).toEqual(payment);
      expect(await table.row(request.orderId!)).toMatchObject({ state: 'DECLINED', decline_reason: reason });
    });

    it('answers a processor error with UNAVAILABLE and records nothing, so the order can still be paid', async () => {
      const request = chargeRequest({ card: { number: CARDS.processorError } });
      const error = await failure(client.charge(request));
      expect(error.code).toBe(status.UNAVAILABLE);
      expect(await table.row(request.orderId!)).toBeUndefined();
      expect((await failure(client.getPayment({ orderId: request.orderId }))).code).toBe(status.NOT_FOUND);

      const retried = await client.charge({ ...request, card: chargeRequest().card });
      expect(retried.payment?.state).toBe('PAYMENT_STATE_CAPTURED');
    });
  });

  describe('idempotency by order_id', () => {
    it('returns the recorded payment on a repeat, even with another card, and never charges twice', async () => {
      const request = chargeRequest();
      const captured = await paymentsCounted(app.adminPort, 'captured');
      const first = await client.charge(request);
      const again = await client.charge(request);
      const otherCard = await client.charge({ ...request, card: chargeRequest({ card: { number: CARDS.amex } }).card });
      expect(again).toEqual(first);
      expect(otherCard).toEqual(first);
      expect(await table.rows([request.orderId!])).toHaveLength(1);
      expect(await paymentsCounted(app.adminPort, 'captured')).toBe(captured + 1);
    });

    it('turns 20 concurrent identical Charges into one row and one capture', async () => {
      const request = chargeRequest();
      const captured = await paymentsCounted(app.adminPort, 'captured');
      const results = await Promise.all(Array.from({ length: 20 }, () => client.charge(request)));
      for (const result of results) expect(result).toEqual(results[0]);
      expect(results[0]?.payment?.state).toBe('PAYMENT_STATE_CAPTURED');
      expect(await table.rows([request.orderId!])).toHaveLength(1);
      expect(await paymentsCounted(app.adminPort, 'captured')).toBe(captured + 1);
    });

    it('refuses another amount or currency for the order_id with ALREADY_EXISTS, changing nothing', async () => {
      const request = chargeRequest();
      const { payment } = await client.charge(request);
      const before = await table.row(request.orderId!);
      for (const amount of [
        { amountMinor: 2000, currencyCode: 'USD' },
        { amountMinor: 1999, currencyCode: 'EUR' },
      ]) {
        expect((await failure(client.charge({ ...request, amount }))).code).toBe(status.ALREADY_EXISTS);
      }
      expect(await table.row(request.orderId!)).toEqual(before);
      expect((await client.getPayment({ orderId: request.orderId })).payment).toEqual(payment);
    });
  });

  describe('Refund and the fence', () => {
    it('refunds a capture once; a repeat returns it unchanged; a later Charge is refused', async () => {
      const request = chargeRequest();
      await client.charge(request);
      const refunded = await client.refund({ orderId: request.orderId });
      expect(refunded.payment).toMatchObject({
        state: 'PAYMENT_STATE_REFUNDED',
        amount: request.amount,
        cardLast4: '4242',
      });
      expect(await client.refund({ orderId: request.orderId })).toEqual(refunded);

      // The late Charge (a replay of the original call) must not capture again.
      const late = await failure(client.charge(request));
      expect(late.code).toBe(status.FAILED_PRECONDITION);
      expect((await client.getPayment({ orderId: request.orderId })).payment).toEqual(refunded.payment);
      expect(await table.row(request.orderId!)).toMatchObject({ state: 'REFUNDED' });
    });

    it('fences an order_id with no payment yet (VOIDED): any later Charge fails and captures nothing', async () => {
      const id = orderId();
      const voided = await client.refund({ orderId: id });
      expect(voided.payment).toMatchObject({
        orderId: id,
        state: 'PAYMENT_STATE_VOIDED',
        amount: null,
        cardBrand: '',
        cardLast4: '',
      });
      expect(await client.refund({ orderId: id })).toEqual(voided);

      const captured = await paymentsCounted(app.adminPort, 'captured');
      for (const number of [CARDS.visa, CARDS.declined, CARDS.processorError]) {
        const late = await failure(client.charge(chargeRequest({ orderId: id, card: { number } })));
        expect(late.code).toBe(status.FAILED_PRECONDITION);
      }
      expect(await paymentsCounted(app.adminPort, 'captured')).toBe(captured);
      expect(await table.row(id)).toMatchObject({ state: 'VOIDED', amount_minor: null, card_last4: null });
    });

    it('returns a declined payment unchanged', async () => {
      const request = chargeRequest({ card: { number: CARDS.declined } });
      const declined = await client.charge(request);
      expect(await client.refund({ orderId: request.orderId })).toEqual(declined);
      expect(await table.row(request.orderId!)).toMatchObject({ state: 'DECLINED' });
    });

    it('ends every Charge + Refund race consistent: charged then refunded, or voided and refused', async () => {
      for (let round = 0; round < 20; round++) {
        const request = chargeRequest();
        // Alternate which call leaves first, so both orders of arrival get exercised.
        let charging, refunding;
        if (round % 2 === 0) {
          charging = client.charge(request);
          refunding = client.refund({ orderId: request.orderId });
        } else {
          refunding = client.refund({ orderId: request.orderId });
          charging = client.charge(request);
        }
        const [charge, refund] = await Promise.allSettled([charging, refunding]);
        expect(refund.status).toBe('fulfilled');
        const refundState = refund.status === 'fulfilled' ? refund.value.payment?.state : undefined;
        if (refundState === 'PAYMENT_STATE_REFUNDED') {
          const captured = { status: 'fulfilled', value: { payment: { state: 'PAYMENT_STATE_CAPTURED' } } };
          expect(charge).toMatchObject(captured);
        } else {
          expect(refundState).toBe('PAYMENT_STATE_VOIDED');
          expect(charge).toMatchObject({ status: 'rejected', reason: { code: status.FAILED_PRECONDITION } });
        }

        // Never CAPTURED once a Refund has returned, and no later Charge can change that.
        expect((await client.getPayment({ orderId: request.orderId })).payment?.state).toBe(refundState);
        expect((await failure(client.charge(request))).code).toBe(status.FAILED_PRECONDITION);
        expect((await table.row(request.orderId!))?.state).toBe(refundState!.replace('PAYMENT_STATE_', ''));
      }
    });
  });

  describe('bad input', () => {
    const expiredYear = new Date().getUTCFullYear() - 1;
    const amount = (amountMinor: number | string, currencyCode = 'USD') =>
      chargeRequest({ amount: { amountMinor, currencyCode } });
    const cases: Array<[string, ChargeRequest, string]> = [
      ['an empty order_id', chargeRequest({ orderId: '' }), 'order_id'],
      ['a number failing the Luhn check', chargeRequest({ card: { number: '4242424242424241' } }), 'card.number'],
      ['a number with spaces', chargeRequest({ card: { number: '4242 4242 4242 4242' } }), 'card.number'],
      ['an expired card', chargeRequest({ card: { expMonth: 12, expYear: expiredYear } }), 'card.exp_year'],
      ['month 13', chargeRequest({ card: { expMonth: 13 } }), 'card.exp_month'],
      ['month 0', chargeRequest({ card: { expMonth: 0 } }), 'card.exp_month'],
      ['a two-digit year', chargeRequest({ card: { expYear: 30 } }), 'card.exp_year'],
      ['a two-digit CVC', chargeRequest({ card: { cvc: '12' } }), 'card.cvc'],
      ['a CVC with a letter', chargeRequest({ card: { cvc: '12a' } }), 'card.cvc'],
      ['no card', { ...chargeRequest(), card: null }, 'card'],
      ['a zero amount', amount(0), 'amount.amount_minor'],
      ['a negative amount', amount(-100), 'amount.amount_minor'],
      // int64 max: arrives as a number past 2^53, already rounded, so it must be refused.
      ['an amount past 2^53', amount('9223372036854775807'), 'amount.amount_minor'],
      ['an unknown currency', amount(100, 'XYZ'), 'amount.currency_code'],
      ['a lower-case currency', amount(100, 'usd'), 'amount.currency_code'],
      ['no amount', { ...chargeRequest(), amount: null }, 'amount'],
    ];

    it.each(cases)('refuses %s with INVALID_ARGUMENT naming the field', async (_name, request, field) => {
      const error = await failure(client.charge(request));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain(`${field}: `);
    });

    it('wrote nothing for any of them', async () => {
      const orderIds = cases.map(([, request]) => request.orderId ?? '');
      expect(await table.rows(orderIds)).toEqual([]);
    });

    it('reports every violation of one request at once', async () => {
      const request = chargeRequest({
        orderId: '',
        amount: { amountMinor: 0, currencyCode: 'XYZ' },
        card: { number: '4242424242424241', cvc: '1' },
      });
      const error = await failure(client.charge(request));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      for (const field of ['order_id', 'amount.amount_minor', 'amount.currency_code', 'card.number', 'card.cvc']) {
        expect(error.details).toContain(`${field}: `);
      }
    });

    it('refuses an empty order_id on Refund and GetPayment too, and Refund then fences nothing', async () => {
      expect((await failure(client.refund({ orderId: '' }))).code).toBe(status.INVALID_ARGUMENT);
      expect((await failure(client.getPayment({ orderId: '' }))).code).toBe(status.INVALID_ARGUMENT);
      expect(await table.rows([''])).toEqual([]);
    });

    it('answers NOT_FOUND for an order with no payment', async () => {
      expect((await failure(client.getPayment({ orderId: orderId() }))).code).toBe(status.NOT_FOUND);
    });
  });

  it('never writes a card number or CVC to its output, whatever the outcome', async () => {
    const cvc = '7391';
    const numbers = [CARDS.visa, CARDS.declined, CARDS.processorError, '4242424242424241', '5555555555554443'];
    for (const number of numbers) {
      await client.charge(chargeRequest({ card: { number, cvc } })).catch(() => undefined);
    }
    // An expired card and a bad month with the same secrets: the error paths must not echo them.
    await client.charge(chargeRequest({ card: { cvc, expYear: 2001 } })).catch(() => undefined);
    await client.charge(chargeRequest({ card: { cvc, expMonth: 13 } })).catch(() => undefined);

    // A last, successful charge: once its log line is out, every line before it is too.
    const marker = chargeRequest({ card: { cvc } });
    await client.charge(marker);
    await app.process.waitForLine(
      (_line, log) => log?.['orderId'] === marker.orderId && log?.['msg'] === 'payment recorded',
    );

    const output = app.process.output();
    for (const number of [...numbers, ...Object.values(CARDS)]) expect(output).not.toContain(number);
    expect(output).not.toMatch(new RegExp(`(?<![0-9])${cvc}(?![0-9])`));
    // What may be logged of a card is there: brand and last four digits.
    expect(app.process.logs).toContainEqual(
      expect.objectContaining({ orderId: marker.orderId, cardBrand: 'visa', cardLast4: '4242', state: 'CAPTURED' }),
    );
  });
});
