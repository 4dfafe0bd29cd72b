-- Up Migration
-- Refresh tokens: stored as SHA-256 of the token (never the token), rotated at each use. A family
-- is one login's chain of tokens: reusing a rotated token revokes the whole family, and so does logout.
CREATE TABLE refresh_tokens (
  token_hash bytea PRIMARY KEY,
  family_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

-- Down Migration
DROP TABLE refresh_tokens;
