-- Up Migration
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  idempotency_key text NOT NULL,
  state text NOT NULL CHECK (state IN ('PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED')),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  currency_code char(3) NOT NULL,
  failure_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The same (user, key) never creates a second order, however the requests race.
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user_created ON orders (user_id, created_at DESC);

CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  PRIMARY KEY (order_id, sku)
);

-- Down Migration
DROP TABLE order_items;
DROP TABLE orders;
