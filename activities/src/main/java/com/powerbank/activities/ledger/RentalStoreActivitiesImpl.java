package com.powerbank.activities.ledger;

import com.powerbank.readmodel.PaymentAttempt;
import com.powerbank.readmodel.PaymentLedgerRepository;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the workflow's snapshots to the read model and the payment ledger (SPEC §7), in one
 * transaction. Idempotent: the row by the snapshot's version, each ledger entry by its idempotency
 * key, so Temporal may retry it freely; a database failure is thrown, and the workflow tries again
 * later with a newer snapshot that still carries the unwritten entries.
 */
@Component
@ActivityImpl(taskQueues = "rentals")
public class RentalStoreActivitiesImpl implements RentalStoreActivities {

  /** Failure type (non-retryable) of a snapshot whose rental or quote id is not a UUID. */
  public static final String INVALID_SNAPSHOT = "INVALID_SNAPSHOT";

  private final RentalReadModelRepository rentals;
  private final PaymentLedgerRepository ledger;
  private final TransactionTemplate transaction;

  public RentalStoreActivitiesImpl(
      RentalReadModelRepository rentals,
      PaymentLedgerRepository ledger,
      PlatformTransactionManager transactions) {
    this.rentals = rentals;
    this.ledger = ledger;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stale snapshot leaves the row alone, but its ledger entries are still written (a
   * successful row is never changed again). A snapshot that can never be stored (an id that is not
   * a UUID) fails with {@value #INVALID_SNAPSHOT}, non-retryable; a database failure is thrown as
   * is.
   */
  @Override
  public void saveSnapshot(RentalSnapshot snapshot) {
    try {
      transaction.executeWithoutResult(
          status -> {
            rentals.save(snapshot);
            if (snapshot.payments() != null) {
              for (LedgerEntry entry : snapshot.payments()) {
                ledger.record(PaymentAttempt.of(snapshot.rentalId(), snapshot.userId(), entry));
              }
            }
          });
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), INVALID_SNAPSHOT, e);
    }
  }
}
