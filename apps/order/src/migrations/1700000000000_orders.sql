-- Up Migration
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  idempotency_key text NOT NULL,
  state text NOT NULL CHECK (state IN ('PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED')),
  -- The saga step still to be done, named for the remote call it makes; NULL once the order is at
  -- rest. Reaching a step records that the call before it succeeded.
  step text CHECK (step IN ('RESERVING', 'CHARGING', 'COMMITTING', 'COMPENSATING', 'CANCELLING')),
  total_minor bigint NOT NULL CHECK (total_minor >= 0),
  currency_code char(3) NOT NULL,
  -- Set when the saga turns to compensation, so a re-driven compensation ends with the same reason.
  failure_reason text,
  -- The driver that owns the order until lease_until; only it may move the saga on.
  lease_owner uuid,
  lease_until timestamptz,
  -- When recovery may take the order: pushed back by every transition (staleness) and by every
  -- failed attempt (backoff).
  next_attempt_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The same (user, key) never creates a second order, however the requests race.
  UNIQUE (user_id, idempotency_key),
  -- PENDING always has a step to run; CONFIRMED may be cancelling; FAILED and CANCELLED are final.
  CHECK (
    (state = 'PENDING' AND step IN ('RESERVING', 'CHARGING', 'COMMITTING', 'COMPENSATING'))
    OR (state = 'CONFIRMED' AND (step IS NULL OR step = 'CANCELLING'))
    OR (state IN ('FAILED', 'CANCELLED') AND step IS NULL)
  )
);
-- ListOrders: newest first, keyset on (created_at, id).
CREATE INDEX orders_user_created ON orders (user_id, created_at DESC, id DESC);
-- The recovery worker's scan touches only sagas in flight.
CREATE INDEX orders_in_flight ON orders (next_attempt_at) WHERE step IS NOT NULL;

CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
  -- Lines keep the cart's order.
  position integer NOT NULL,
  PRIMARY KEY (order_id, sku)
);

-- Down Migration
DROP TABLE order_items;
DROP TABLE orders;
