package com.powerbank.workflows.activities;

/** What a payment attempt was for; stored as {@code payment_attempts.kind} (SPEC §7). */
public enum PaymentKind {
  /** The deposit hold taken at start. */
  HOLD,
  /** A billing-tick charge, key {@code <rental_id>:<tick>}. */
  CHARGE,
  /** The charge to the second at stop, key {@code <rental_id>:final}. */
  FINAL_CHARGE,
  /** A chunk of debt, at most {@code DEBT_CHARGE_STEP}, key {@code <rental_id>:debt:<n>}. */
  DEBT_COLLECTION,
  /** Open debt taken from the deposit hold at settlement, key {@code <rental_id>:capture}. */
  CAPTURE,
  /** What is left of the hold given back at settlement, key {@code <rental_id>:release}. */
  RELEASE,
  /**
   * Money given back at stop when ticks charged before the stop was seen cost more than is due at
   * the stop moment (SPEC §5: the final charge is to the second), key {@code <rental_id>:refund}.
   */
  REFUND
}
