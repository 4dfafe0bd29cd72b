-- Up Migration
-- One payment per order: the primary key is what makes Charge and Refund idempotent by order_id,
-- and what makes "record a charge" and "fence the order" one atomic decision (whichever insert
-- wins the key decides; the other sees its row).
CREATE TABLE payments (
  order_id text PRIMARY KEY CHECK (order_id <> ''),
  state text NOT NULL CHECK (state IN ('CAPTURED', 'DECLINED', 'REFUNDED', 'VOIDED')),
  amount_minor bigint CHECK (amount_minor > 0),
  currency_code char(3),
  -- Only the brand and the last four digits of a card are ever stored.
  card_brand text,
  card_last4 char(4) CHECK (card_last4 ~ '^[0-9]{4}$'),
  decline_reason text CHECK (decline_reason IN ('card_declined', 'insufficient_funds')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  -- A VOIDED payment is a fence recorded before any charge: it has no amount and no card; every
  -- other state was a charge attempt and has both.
  CONSTRAINT payments_charge_details CHECK (
    CASE WHEN state = 'VOIDED'
      THEN amount_minor IS NULL AND currency_code IS NULL AND card_brand IS NULL AND card_last4 IS NULL
      ELSE amount_minor IS NOT NULL AND currency_code IS NOT NULL AND card_brand IS NOT NULL AND card_last4 IS NOT NULL
    END
  ),
  CONSTRAINT payments_decline_reason CHECK ((state = 'DECLINED') = (decline_reason IS NOT NULL))
);

-- Down Migration
DROP TABLE payments;
