package com.powerbank.workflows.activities;

/**
 * One payment call's known outcome, as the workflow learned it, waiting to be written to {@code
 * payment_attempts} (SPEC §7) with the next read-model snapshot. Payments activities do not touch
 * the database: the workflow is the one writer of the ledger, so a database outage never holds up a
 * charge and never loses the record of one (the entry stays in workflow state until written).
 *
 * @param idempotencyKey the call's key, unique in the ledger
 * @param kind what the payment was for
 * @param amount whole currency units: what moved when {@code success}, what was asked otherwise
 * @param success whether money moved (or was held)
 * @param error why not (decline, or an outcome still unknown); null on success
 */
public record LedgerEntry(
    String idempotencyKey, PaymentKind kind, long amount, boolean success, String error) {

  /** Error text of a charge whose outcome is not known yet; it is retried with the same key. */
  public static final String UNKNOWN_OUTCOME = "outcome unknown: retried with the same key";

  /**
   * Error text of a declined charge (HTTP 400). The provider's own message is not kept: {@link
   * ChargeOutcome} carries none, and recorded histories pin that result type.
   */
  public static final String DECLINED = "declined";

  /** The call of {@code request} that moved {@code amount}. */
  public static LedgerEntry succeeded(PaymentRequest request, long amount) {
    return new LedgerEntry(request.idempotencyKey(), request.kind(), amount, true, null);
  }

  /** The call of {@code request} that did not move money, for {@code error}. */
  public static LedgerEntry failed(PaymentRequest request, String error) {
    return new LedgerEntry(
        request.idempotencyKey(), request.kind(), request.amount(), false, error);
  }
}
