package com.powerbank.activities.ledger;

import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.stereotype.Component;

/**
 * Writes the workflow's snapshots to the read model (SPEC §7). Idempotent by the snapshot's
 * version, so Temporal may retry it freely; a database failure is thrown and retried.
 */
@Component
@ActivityImpl(taskQueues = "rentals")
public class RentalStoreActivitiesImpl implements RentalStoreActivities {

  private final RentalReadModelRepository rentals;

  public RentalStoreActivitiesImpl(RentalReadModelRepository rentals) {
    this.rentals = rentals;
  }

  /** Failure type (non-retryable) of a snapshot whose rental or quote id is not a UUID. */
  public static final String INVALID_SNAPSHOT = "INVALID_SNAPSHOT";

  /**
   * {@inheritDoc}
   *
   * <p>Stale snapshots are ignored. A snapshot that can never be stored (an id that is not a UUID)
   * fails with {@value #INVALID_SNAPSHOT}, non-retryable; a database failure is thrown as is and
   * retried.
   */
  @Override
  public void saveSnapshot(RentalSnapshot snapshot) {
    try {
      rentals.save(snapshot);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), INVALID_SNAPSHOT, e);
    }
  }
}
