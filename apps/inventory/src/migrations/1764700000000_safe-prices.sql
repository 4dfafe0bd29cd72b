-- Up Migration
-- Prices travel as JSON numbers and JavaScript numbers: above 2^53 - 1 they would change silently.
ALTER TABLE products ADD CONSTRAINT products_price_minor_safe CHECK (price_minor <= 9007199254740991);

-- Down Migration
ALTER TABLE products DROP CONSTRAINT products_price_minor_safe;
