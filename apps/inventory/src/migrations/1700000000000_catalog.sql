-- Up Migration
CREATE TABLE products (
  sku text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  currency_code char(3) NOT NULL,
  image_url text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}',
  -- Units on hand and not held by any reservation; the CHECK is the last line against overselling.
  -- Held and sold units live in reservation_items, so per product:
  --   stock + held + committed = units ever put on the shelf.
  stock integer NOT NULL CHECK (stock >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_tags ON products USING gin (tags);

-- One row per order_id: the primary key is what makes ReserveStock idempotent (INSERT ... ON
-- CONFLICT DO NOTHING), not a check-then-insert.
CREATE TABLE reservations (
  order_id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
  -- Set while HELD; cleared by a commit (a sale never expires); kept on RELEASED/EXPIRED for the record.
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (state <> 'HELD' OR expires_at IS NOT NULL),
  CHECK (state <> 'COMMITTED' OR expires_at IS NULL)
);
-- The sweeper's scan: only live holds, oldest deadline first.
CREATE INDEX reservations_held_expiry ON reservations (expires_at) WHERE state = 'HELD';

CREATE TABLE reservation_items (
  order_id text NOT NULL REFERENCES reservations (order_id) ON DELETE CASCADE,
  sku text NOT NULL REFERENCES products (sku),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, sku)
);
-- Foreign-key lookups and "what is held of this sku" (the stock invariant).
CREATE INDEX reservation_items_sku ON reservation_items (sku);

-- Down Migration
DROP TABLE reservation_items;
DROP TABLE reservations;
DROP TABLE products;
