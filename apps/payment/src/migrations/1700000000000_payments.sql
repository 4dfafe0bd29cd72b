-- Up Migration
-- One payment per order: the primary key is what makes Charge idempotent by order_id.
CREATE TABLE payments (
  order_id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('CAPTURED', 'DECLINED', 'REFUNDED', 'VOIDED')),
  amount_minor bigint CHECK (amount_minor > 0),
  currency_code char(3),
  -- Only the brand and the last four digits of a card are ever stored.
  card_brand text,
  card_last4 char(4),
  decline_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE payments;
