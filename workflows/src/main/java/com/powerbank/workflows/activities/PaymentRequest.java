package com.powerbank.workflows.activities;

/**
 * One call to the payments service for a rental.
 *
 * @param rentalId the rental, sent to payments as {@code order_id}
 * @param userId the payer
 * @param amount whole currency units, {@code >= 0} (ignored for {@link PaymentKind#RELEASE})
 * @param idempotencyKey sent as the {@code Idempotency-Key} header and stored unique in {@code
 *     payment_attempts}; a repeated key never moves money twice (SPEC §5)
 * @param kind what the payment is for, recorded in the ledger
 */
public record PaymentRequest(
    String rentalId, String userId, long amount, String idempotencyKey, PaymentKind kind) {}
