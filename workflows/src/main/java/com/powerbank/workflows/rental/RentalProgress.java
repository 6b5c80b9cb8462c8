package com.powerbank.workflows.rental;

import java.util.List;

/**
 * The whole state of a rental workflow, carried across continue-as-new. Times are epoch
 * milliseconds of workflow time; money in whole currency units.
 *
 * @param lastTick index of the last billing tick handled (tick n falls at {@code started_at + n *
 *     BILLING_TICK_SEC})
 * @param debtCharges how many debt chunks were charged so far (for their idempotency keys)
 * @param debtAttempts failed collection attempts in a row (drives the back-off)
 * @param receipt the receipt once the rental ended, else null
 * @param snapshotVersion version of the last read-model snapshot written
 */
public record RentalProgress(
    RentalStatus status,
    String failureCode,
    String powerbankId,
    Long startedAtMillis,
    Long finishedAtMillis,
    String returnStationId,
    long lastTick,
    long paid,
    long debt,
    long totalAmount,
    List<PendingCharge> unresolved,
    long debtCharges,
    int debtAttempts,
    Long nextDebtAttemptAtMillis,
    RentalReceipt receipt,
    long snapshotVersion) {}
