-- Up Migration
CREATE TABLE widgets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL
);
-- Records every time a migration body actually runs, so the test can count executions.
CREATE TABLE migration_side_effects (migration text NOT NULL, ran_at timestamptz NOT NULL DEFAULT now());
INSERT INTO migration_side_effects (migration) VALUES ('001_create_widgets');

-- Down Migration
DROP TABLE migration_side_effects;
DROP TABLE widgets;
