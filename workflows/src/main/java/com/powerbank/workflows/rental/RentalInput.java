package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.billing.RentalTerms;

/**
 * Argument of {@link RentalWorkflow#run}. A fresh rental has {@code progress == null}; a run
 * started by continue-as-new carries the state of the run before it.
 *
 * @param rentalId the workflow id, derived from user and idempotency key ({@link RentalIds})
 * @param quoteId the quote the rental was started from
 * @param userId the payer
 * @param stationId where the powerbank is ejected
 * @param terms prices and configs frozen at start
 * @param continueAsNewAfterEvents history length after which the run continues as new; {@code <= 0}
 *     means {@link #DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS}
 * @param progress the rental's state carried over continue-as-new as it is, null for a fresh rental
 */
public record RentalInput(
    String rentalId,
    String quoteId,
    String userId,
    String stationId,
    RentalTerms terms,
    int continueAsNewAfterEvents,
    RentalState progress) {

  /** About 250 billing ticks (two hours): far below the 10,240-event warning (SPEC §8). */
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

  /** A fresh rental with the default continue-as-new threshold. */
  public static RentalInput fresh(
      String rentalId, String quoteId, String userId, String stationId, RentalTerms terms) {
    return new RentalInput(rentalId, quoteId, userId, stationId, terms, 0, null);
  }

  /** The history length at which this run continues as new. */
  public int continueAsNewThreshold() {
    return continueAsNewAfterEvents > 0
        ? continueAsNewAfterEvents
        : DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  }

  /** The same rental carrying {@code next} into the next run. */
  public RentalInput withProgress(RentalState next) {
    return new RentalInput(
        rentalId, quoteId, userId, stationId, terms, continueAsNewAfterEvents, next);
  }

  /** A payment of this rental's user: {@code amount} whole currency units under {@code key}. */
  PaymentRequest payment(long amount, String key, PaymentKind kind) {
    return new PaymentRequest(rentalId, userId, amount, key, kind);
  }
}
