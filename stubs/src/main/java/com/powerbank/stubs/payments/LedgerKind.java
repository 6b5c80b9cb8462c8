package com.powerbank.stubs.payments;

/** What a ledger entry records. */
public enum LedgerKind {
  /** Money moved from the balance onto a hold. */
  HOLD,
  /** Money taken from the balance (clear-money). */
  CHARGE,
  /** Money taken from a hold. */
  CAPTURE,
  /** What was left of a hold went back to the balance. */
  RELEASE,
  /** Money given back to the balance from what an order was charged. */
  REFUND,
  /** A call was declined; {@code declined} says which kind. */
  DECLINE
}
