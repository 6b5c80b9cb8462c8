package com.powerbank.readmodel;

import com.powerbank.workflows.activities.PaymentKind;
import java.time.Instant;
import org.springframework.lang.Nullable;

/**
 * A row of {@code payment_attempts} (SPEC §7): one idempotency key, with its latest outcome.
 *
 * @param id the row id (insertion order)
 * @param rentalId the rental (a UUID string)
 * @param userId the payer
 * @param kind what the payment was for
 * @param amount whole currency units: moved when {@code success}, asked otherwise
 * @param success whether money moved; once true it never changes
 * @param error the decline message or {@code transient: ...}; null on success
 * @param idempotencyKey unique key of the payment ({@code <rental_id>:<tick>}, ...)
 * @param attempts how many outcomes were recorded under this key until the first success (a
 *     failure, then the same key retried; a repeated write of a failure counts again)
 * @param createdAt the first attempt
 * @param updatedAt the last recorded attempt
 */
public record PaymentAttemptRow(
    long id,
    String rentalId,
    String userId,
    PaymentKind kind,
    long amount,
    boolean success,
    @Nullable String error,
    String idempotencyKey,
    int attempts,
    Instant createdAt,
    Instant updatedAt) {}
