package com.powerbank.activities.ledger;

import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
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

  /** The attempt of {@code request} that moved {@code amount}. */
  public static PaymentAttempt succeeded(PaymentRequest request, long amount) {
    return of(request, amount, true, null);
  }

  /**
   * The attempt of {@code request} that failed with {@code error}; records the requested amount
   * (none for a release, whose request carries no amount).
   */
  public static PaymentAttempt failed(PaymentRequest request, String error) {
    long asked = request.kind() == PaymentKind.RELEASE ? 0 : request.amount();
    return of(request, asked, false, error);
  }

  private static PaymentAttempt of(
      PaymentRequest request, long amount, boolean success, @Nullable String error) {
    return new PaymentAttempt(
        request.rentalId(),
        request.userId(),
        request.kind(),
        amount,
        success,
        error,
        request.idempotencyKey());
  }
}
