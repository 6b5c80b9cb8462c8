package com.powerbank.readmodel;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import org.springframework.lang.Nullable;

/**
 * One call to the payments service, as written to {@code payment_attempts} (SPEC §7).
 *
 * @param rentalId the rental (a UUID string)
 * @param userId the payer
 * @param kind what the payment was for
 * @param amount whole currency units: what moved when {@code success}, what was asked otherwise (0
 *     for a failed release)
 * @param success whether money moved (or was held)
 * @param error why not: the decline message, or {@code transient: ...}; null on success
 * @param idempotencyKey the call's key, unique in the ledger
 */
public record PaymentAttempt(
    String rentalId,
    String userId,
    PaymentKind kind,
    long amount,
    boolean success,
    @Nullable String error,
    String idempotencyKey) {

  /** The ledger row of {@code entry}, a payment of rental {@code rentalId} by {@code userId}. */
  public static PaymentAttempt of(String rentalId, String userId, LedgerEntry entry) {
    return new PaymentAttempt(
        rentalId,
        userId,
        entry.kind(),
        entry.amount(),
        entry.success(),
        entry.error(),
        entry.idempotencyKey());
  }
}
