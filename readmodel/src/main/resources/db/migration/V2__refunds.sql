-- Refunds (issue 6): ticks charged before a stop was seen, past the stop moment, are given back.
ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_kind_check;
ALTER TABLE payment_attempts ADD CONSTRAINT payment_attempts_kind_check
    CHECK (kind IN ('HOLD', 'CHARGE', 'FINAL_CHARGE', 'DEBT_COLLECTION', 'CAPTURE', 'RELEASE', 'REFUND'));
