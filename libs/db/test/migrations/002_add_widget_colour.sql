-- Up Migration
ALTER TABLE widgets ADD COLUMN colour text;
INSERT INTO migration_side_effects (migration) VALUES ('002_add_widget_colour');

-- Down Migration
ALTER TABLE widgets DROP COLUMN colour;
