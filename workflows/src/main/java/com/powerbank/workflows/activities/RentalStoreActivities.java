package com.powerbank.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes of the PostgreSQL read model (SPEC §7). Temporal stays the source of truth; this is what
 * the API reads.
 */
@ActivityInterface
public interface RentalStoreActivities {

  /**
   * Upserts the rental's {@code rentals} row and its {@code debts} row. Idempotent: a snapshot
   * whose {@code version} is older than the stored one changes nothing.
   */
  @ActivityMethod
  void saveSnapshot(RentalSnapshot snapshot);
}
