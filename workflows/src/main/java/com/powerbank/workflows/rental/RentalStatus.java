package com.powerbank.workflows.rental;

/** Lifecycle of a rental, as shown by the API and the {@code RentalStatus} search attribute. */
public enum RentalStatus {
  /** Deposit hold and eject in progress. */
  PENDING,
  /** The powerbank is out and billed every tick. */
  ACTIVE,
  /** Returned to a station and settled. */
  FINISHED,
  /** Paid plus debt reached {@code R_BUYOUT}: the powerbank is the user's. */
  BUYOUT,
  /** Never started: the deposit was declined or the eject failed (hold released). */
  FAILED;

  /** True for statuses after which the rental is no longer billed. */
  public boolean isEnded() {
    return this == FINISHED || this == BUYOUT || this == FAILED;
  }
}
