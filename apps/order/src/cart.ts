import { withRedisBudget } from '@shop/redis';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, type ServiceClient } from '@shop/rpc';
import type { InventoryServiceDefinition } from '@shop/rpc/generated/shop/inventory/v1/InventoryService';
import type Redis from 'ioredis';

/** A cart line as stored: what the user chose, nothing the catalog owns. */
export interface CartLine {
  sku: string;
  quantity: number;
}

/** A cart line priced from the catalog at read time. */
export interface PricedLine extends CartLine {
  /** Empty, and the price undefined, when the product is no longer sold. */
  name: string;
  unitPriceMinor: number | undefined;
  available: boolean;
}

export interface PricedCart {
  userId: string;
  lines: PricedLine[];
  totalMinor: number;
  currencyCode: string;
}

export interface CartLimits {
  ttlSeconds: number;
  maxQuantityPerLine: number;
  maxLines: number;
}

/*
 * One Redis hash per user: `qty:<sku>` (units), `pos:<sku>` (when the line was first added, for a
 * stable order) and `seq` (the last position handed out). Every change is one Lua script: the
 * limits are checked and the TTL renewed in the same atomic step as the write, so two concurrent
 * AddItems can never push a line past the cap. Each script answers with a status and the whole hash
 * after the change, so the reply is the cart as that change left it.
 */
const LINE_COUNT = `local function lines() return math.floor(redis.call('HLEN', KEYS[1]) / 2) end`;

const ADD_SCRIPT = `${LINE_COUNT}
local qtyField = 'qty:' .. ARGV[1]
local current = tonumber(redis.call('HGET', KEYS[1], qtyField) or '0')
local wanted = current + tonumber(ARGV[2])
local status = 'ok'
if wanted > tonumber(ARGV[3]) then
  status = 'quantity_exceeded'
elseif current == 0 and lines() >= tonumber(ARGV[4]) then
  status = 'too_many_lines'
else
  if current == 0 then redis.call('HSET', KEYS[1], 'pos:' .. ARGV[1], redis.call('HINCRBY', KEYS[1], 'seq', 1)) end
  redis.call('HSET', KEYS[1], qtyField, wanted)
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
local cart = redis.call('HGETALL', KEYS[1])
table.insert(cart, 1, status)
return cart`;

const SET_SCRIPT = `${LINE_COUNT}
local qtyField = 'qty:' .. ARGV[1]
local wanted = tonumber(ARGV[2])
local exists = redis.call('HEXISTS', KEYS[1], qtyField) == 1
local status = 'ok'
if wanted == 0 then
  redis.call('HDEL', KEYS[1], qtyField, 'pos:' .. ARGV[1])
  if lines() == 0 then redis.call('DEL', KEYS[1]) else redis.call('EXPIRE', KEYS[1], ARGV[5]) end
elseif wanted > tonumber(ARGV[3]) then
  status = 'quantity_exceeded'
elseif not exists and lines() >= tonumber(ARGV[4]) then
  status = 'too_many_lines'
else
  if not exists then redis.call('HSET', KEYS[1], 'pos:' .. ARGV[1], redis.call('HINCRBY', KEYS[1], 'seq', 1)) end
  redis.call('HSET', KEYS[1], qtyField, wanted)
  redis.call('EXPIRE', KEYS[1], ARGV[5])
end
local cart = redis.call('HGETALL', KEYS[1])
table.insert(cart, 1, status)
return cart`;

interface CartCommands {
  cartAdd(key: string, sku: string, delta: number, maxQuantity: number, maxLines: number, ttl: number): Promise<string[]>;
  cartSet(key: string, sku: string, quantity: number, maxQuantity: number, maxLines: number, ttl: number): Promise<string[]>;
}

/** Carts in Redis: every change atomic, TTL renewed by every change. */
export class CartStore {
  private readonly commands: CartCommands;

  constructor(
    private readonly redis: Redis,
    private readonly limits: CartLimits,
  ) {
    redis.defineCommand('cartAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    redis.defineCommand('cartSet', { numberOfKeys: 1, lua: SET_SCRIPT });
    this.commands = redis as unknown as CartCommands;
  }

  async read(userId: string): Promise<CartLine[]> {
    return parseCart(await withRedisBudget(() => this.redis.hgetall(cartKey(userId))));
  }

  /** Adds `quantity` units to the line of `sku`. */
  async add(userId: string, sku: string, quantity: number): Promise<CartLine[]> {
    const { maxQuantityPerLine, maxLines, ttlSeconds } = this.limits;
    const [status, ...hash] = await withRedisBudget(() =>
      this.commands.cartAdd(cartKey(userId), sku, quantity, maxQuantityPerLine, maxLines, ttlSeconds),
    );
    this.assertApplied(status, sku);
    return parseCart(pairs(hash));
  }

  /** Sets the line of `sku` to exactly `quantity`; 0 removes it. */
  async set(userId: string, sku: string, quantity: number): Promise<CartLine[]> {
    const { maxQuantityPerLine, maxLines, ttlSeconds } = this.limits;
    const [status, ...hash] = await withRedisBudget(() =>
      this.commands.cartSet(cartKey(userId), sku, quantity, maxQuantityPerLine, maxLines, ttlSeconds),
    );
    this.assertApplied(status, sku);
    return parseCart(pairs(hash));
  }

  async remove(userId: string, sku: string): Promise<CartLine[]> {
    return this.set(userId, sku, 0);
  }

  async clear(userId: string): Promise<void> {
    await withRedisBudget(() => this.redis.del(cartKey(userId)));
  }

  private assertApplied(status: string | undefined, sku: string): void {
    if (status === 'quantity_exceeded') {
      throw new InvalidArgumentError('the cart line would exceed the maximum quantity', [
        { field: 'quantity', description: `at most ${this.limits.maxQuantityPerLine} units of ${sku} per cart` },
      ]);
    }
    if (status === 'too_many_lines') {
      throw new FailedPreconditionError(`the cart already holds the maximum of ${this.limits.maxLines} lines`);
    }
  }
}

function cartKey(userId: string): string {
  return `cart:${userId}`;
}

function pairs(flat: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const [field, value] = [flat[i], flat[i + 1]];
    if (field !== undefined && value !== undefined) hash[field] = value;
  }
  return hash;
}

/** The lines of a stored hash, in the order they were first added. */
function parseCart(hash: Record<string, string>): CartLine[] {
  const lines: Array<CartLine & { position: number }> = [];
  for (const [field, value] of Object.entries(hash)) {
    if (!field.startsWith('qty:')) continue;
    const sku = field.slice(4);
    lines.push({ sku, quantity: Number(value), position: Number(hash[`pos:${sku}`] ?? 0) });
  }
  return lines.sort((a, b) => a.position - b.position).map(({ sku, quantity }) => ({ sku, quantity }));
}

type Inventory = ServiceClient<InventoryServiceDefinition>;
type Product = Awaited<ReturnType<Inventory['batchGetProducts']>>['products'][number];

/** Inventory's ceiling on skus per BatchGetProducts. */
const SKUS_PER_BATCH = 100;

async function fetchProducts(inventory: Inventory, skus: string[]): Promise<Map<string, Product>> {
  const { products } = await inventory.batchGetProducts({ skus });
  return new Map(products.map((product) => [product.sku, product]));
}

/**
 * Prices cart lines from the catalog: names, prices and availability are never the client's. The
 * shop sells in one currency: a product priced in another cannot be sold (it is priced as
 * unavailable, never summed into a total of another currency). Totals stay safe integers, exact in
 * JSON and in JavaScript numbers, or the cart is refused. `known` are products read a moment ago
 * for this answer; only the lines' other skus are fetched.
 */
export async function priceCart(
  inventory: Inventory,
  userId: string,
  lines: CartLine[],
  currencyCode: string,
  known: ReadonlyMap<string, Product> = new Map(),
): Promise<PricedCart> {
  if (lines.length === 0) return { userId, lines: [], totalMinor: 0, currencyCode };
  const missing = lines.filter((line) => !known.has(line.sku)).map((line) => line.sku);
  const bySku = missing.length === 0 ? known : new Map([...known, ...(await fetchProducts(inventory, missing))]);
  let totalMinor = 0;
  const priced = lines.map((line): PricedLine => {
    const product = bySku.get(line.sku);
    if (!product?.price || product.price.currencyCode !== currencyCode) return { ...line, name: '', unitPriceMinor: undefined, available: false };
    totalMinor += product.price.amountMinor * line.quantity;
    return {
      ...line,
      name: product.name,
      unitPriceMinor: product.price.amountMinor,
      available: product.availableStock >= line.quantity,
    };
  });
  if (!Number.isSafeInteger(totalMinor)) throw new FailedPreconditionError('the cart total is too large to be charged');
  return { userId, lines: priced, totalMinor, currencyCode };
}

/** Carts as CartService serves them: stored in Redis, priced by inventory on every answer. */
export class Carts {
  constructor(
    private readonly store: CartStore,
    private readonly inventory: Inventory,
    private readonly currencyCode: string,
  ) {}

  async get(userId: string): Promise<PricedCart> {
    return this.price(userId, await this.store.read(userId));
  }

  async add(userId: string, sku: string, quantity: number): Promise<PricedCart> {
    const products = await this.productsFor(userId, sku);
    return this.price(userId, await this.store.add(userId, sku, quantity), products);
  }

  async setQuantity(userId: string, sku: string, quantity: number): Promise<PricedCart> {
    const products = quantity > 0 ? await this.productsFor(userId, sku) : undefined;
    return this.price(userId, await this.store.set(userId, sku, quantity), products);
  }

  async remove(userId: string, sku: string): Promise<PricedCart> {
    return this.price(userId, await this.store.remove(userId, sku));
  }

  async clear(userId: string): Promise<PricedCart> {
    await this.store.clear(userId);
    return this.price(userId, []);
  }

  /**
   * The catalog's products for `sku` and the cart's other lines, in one call, before anything is
   * written: NOT_FOUND for an unknown sku, FAILED_PRECONDITION for one priced in another currency.
   * The same products then price the answer, so a change costs one catalog call, not two.
   */
  private async productsFor(userId: string, sku: string): Promise<Map<string, Product>> {
    const others = (await this.store.read(userId)).map((line) => line.sku).filter((other) => other !== sku);
    const products = await fetchProducts(this.inventory, [sku, ...others].slice(0, SKUS_PER_BATCH));
    const currency = products.get(sku)?.price?.currencyCode;
    if (!products.has(sku)) throw new NotFoundError(`no product with sku ${sku}`);
    if (currency !== this.currencyCode) {
      throw new FailedPreconditionError(`${sku} is priced in ${currency ?? 'no currency'}; this shop sells in ${this.currencyCode} only`);
    }
    return products;
  }

  private price(userId: string, lines: CartLine[], known?: ReadonlyMap<string, Product>): Promise<PricedCart> {
    return priceCart(this.inventory, userId, lines, this.currencyCode, known);
  }
}
