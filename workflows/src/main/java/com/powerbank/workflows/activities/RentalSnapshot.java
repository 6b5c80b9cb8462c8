package com.powerbank.workflows.activities;

import com.powerbank.workflows.rental.RentalStatus;

/**
 * The read model row of one rental ({@code rentals} and {@code debts}, SPEC §7) as the workflow
 * sees it. Times are epoch milliseconds (null when not reached yet); money in whole currency units.
 *
 * @param version grows with every snapshot of the rental, so a late write never overwrites a newer
 *     one
 * @param nextDebtAttemptAtMillis when debt collection tries next; null without debt
 */
public record RentalSnapshot(
    String rentalId,
    String quoteId,
    String userId,
    String stationId,
    String returnStationId,
    String powerbankId,
    RentalStatus status,
    String failureCode,
    long pricePerHour,
    long freePeriodMin,
    long deposit,
    long buyoutPrice,
    Long startedAtMillis,
    Long finishedAtMillis,
    long paidAmount,
    long debtAmount,
    long totalAmount,
    int debtAttempts,
    Long nextDebtAttemptAtMillis,
    long version) {}
