package com.powerbank.workflows.activities;

import com.powerbank.workflows.rental.RentalStatus;
import java.util.List;

/**
 * The read model row of one rental ({@code rentals} and {@code debts}, SPEC §7) as the workflow
 * sees it. Times are epoch milliseconds (null when not reached yet); money in whole currency units.
 *
 * @param version grows with every snapshot of the rental, so a late write never overwrites a newer
 *     one. Made from workflow time, which a replay reproduces: a workflow task retried after a
 *     crash writes higher versions than the lost task did, so the read model never goes back.
 * @param nextDebtAttemptAtMillis when debt collection tries next; null without debt
 * @param payments ledger entries not written yet, in the order they happened (null or empty when
 *     none); written to {@code payment_attempts} in the same transaction as the row
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
    long version,
    List<LedgerEntry> payments) {}
