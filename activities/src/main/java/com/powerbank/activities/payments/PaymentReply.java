package com.powerbank.activities.payments;

import org.springframework.lang.Nullable;

/**
 * The final answer of the payments service to one call.
 *
 * @param approved true for HTTP 2xx (money moved, or was held), false for a decline (HTTP 400)
 * @param amount when approved, the money moved in whole currency units: the requested amount for a
 *     hold or charge, {@code captured} for a capture, {@code released} for a release; 0 when
 *     declined
 * @param declineMessage the service's {@code message} when declined (e.g. {@code Insufficient
 *     funds}); null when approved
 */
public record PaymentReply(boolean approved, long amount, @Nullable String declineMessage) {

  /** An approval that moved {@code amount}. */
  public static PaymentReply approved(long amount) {
    return new PaymentReply(true, amount, null);
  }

  /** A decline with the service's message. */
  public static PaymentReply declined(String message) {
    return new PaymentReply(false, 0, message);
  }
}
