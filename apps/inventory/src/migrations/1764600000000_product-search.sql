-- Up Migration
-- Full-text search over the catalog (SearchProducts). A generated column keeps the document in step
-- with every write path; the name weighs more (A) than the description (B) in the ranking.
-- 'english' is a constant regconfig, which is what makes to_tsvector immutable and so allowed here.
ALTER TABLE products
  ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')
  ) STORED;
CREATE INDEX products_search ON products USING gin (search);

-- Down Migration
DROP INDEX products_search;
ALTER TABLE products DROP COLUMN search;
