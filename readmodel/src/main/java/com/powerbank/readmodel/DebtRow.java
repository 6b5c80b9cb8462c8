package com.powerbank.readmodel;

import java.time.Instant;
import org.springframework.lang.Nullable;

/**
 * A row of {@code debts} (SPEC §7): what a rental's user owes and when collection tries next.
 *
 * @param rentalId the rental (a UUID string)
 * @param userId the debtor
 * @param amount owed now, whole currency units; 0 once paid off
 * @param attempts collection attempts so far
 * @param nextAttemptAt when collection tries next (SPEC §5 back-off); null without debt
 * @param updatedAt last write of the row
 */
public record DebtRow(
    String rentalId,
    String userId,
    long amount,
    int attempts,
    @Nullable Instant nextAttemptAt,
    Instant updatedAt) {}
