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
  stock integer NOT NULL CHECK (stock >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_tags ON products USING gin (tags);

-- Down Migration
DROP TABLE products;
