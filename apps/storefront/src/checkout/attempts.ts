/**
 * The Idempotency-Key of a checkout attempt. One attempt is one intent: this cart paid with this
 * card. Every send of that intent (a double click, a retry after a network error, a 503 or a 504)
 * carries the same key, so the gateway and the order service make at most one order and one charge
 * for it. Only a definite answer (the order, whatever its state) ends the attempt; changing the cart
 * or the card starts a new one, because the gateway refuses a key reused for a different request.
 *
 * The intent is held as a one-way digest (never the card number itself) and only in memory.
 */
export class CheckoutAttempts {
  private current: { intent: string; key: string } | undefined;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key to send for this intent: the open attempt's if it is the same intent, else a new one. */
  keyFor(intent: string): string {
    if (this.current?.intent !== intent) this.current = { intent, key: this.newKey() };
    return this.current.key;
  }

  /** The gateway answered with an order: the next send, even of the same intent, is a new attempt. */
  settle(): void {
    this.current = undefined;
  }
}

/** A digest of what a checkout sends, so the open attempt can be recognised without keeping the card. */
export async function checkoutIntent(parts: { userId: string; card: object; cart: Array<{ sku: string; quantity: number }> }): Promise<string> {
  const text = JSON.stringify([parts.userId, parts.card, parts.cart.map((line) => [line.sku, line.quantity])]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
