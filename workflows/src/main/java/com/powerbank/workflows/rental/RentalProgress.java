package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.LedgerEntry;
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
 * @param unwrittenPayments ledger entries not yet in {@code payment_attempts} (the read model was
 *     unreachable); null when none
 * @param readModelRetryAtMillis when the next read-model write is tried after a failed one; null
 *     when the read model is up to date
 * @param readModelFailures failed read-model writes in a row (drives that retry's back-off)
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
    long snapshotVersion,
    List<LedgerEntry> unwrittenPayments,
    Long readModelRetryAtMillis,
    int readModelFailures) {}
