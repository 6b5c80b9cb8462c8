package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;

/**
 * A charge whose outcome is unknown: its activity ran out of retries on 5xx or timeouts, so money
 * may or may not have moved. Its amount counts as debt, and collection repeats it with the same
 * idempotency key and amount, so the payments service answers with the first outcome instead of
 * charging twice.
 */
public record PendingCharge(String idempotencyKey, long amount, PaymentKind kind) {

  /** The same charge again, for the same rental and payer, under the same key and amount. */
  public PaymentRequest request(String rentalId, String userId) {
    return new PaymentRequest(rentalId, userId, amount, idempotencyKey, kind);
  }
}
