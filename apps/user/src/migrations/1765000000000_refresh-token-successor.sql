-- Up Migration
-- The successor a used refresh token was exchanged for, sealed with a key derived from the used
-- token itself (refresh-tokens.ts): a repeat of that token within the reuse interval (two tabs
-- refreshing at once, a retry whose answer was lost) gets the same successor back, and nobody
-- without the used token (a reader of this table included) can open it.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed bytea;

-- Down Migration
ALTER TABLE refresh_tokens DROP COLUMN successor_sealed;
