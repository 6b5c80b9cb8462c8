package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/**
 * {@link io.temporal.failure.ApplicationFailure} types the workflow's updates fail with; the API
 * maps each to an HTTP status (SPEC §4). A start fails with the type of the activity failure that
 * failed it, so those are the activity interfaces' constants, not copies.
 */
public final class RentalFailures {

  /** The deposit hold was declined: 402, nothing ejected. */
  public static final String DEPOSIT_DECLINED = PaymentActivities.DEPOSIT_DECLINED;

  /** The station could not eject: 409, hold released, rental FAILED. */
  public static final String EJECT_FAILED = StationActivities.EJECT_FAILED;

  /** The payments service did not answer the hold in time: 503, nothing ejected. */
  public static final String PAYMENTS_UNAVAILABLE = PaymentActivities.PAYMENTS_UNAVAILABLE;

  /** Stop on a rental that is PENDING, FAILED or BUYOUT: 409. */
  public static final String RENTAL_NOT_ACTIVE = "RENTAL_NOT_ACTIVE";

  private RentalFailures() {}

  /**
   * The message shown for a failure type, by the workflow's update failures and by the API when it
   * answers from the read model.
   */
  public static String messageOf(String failureType) {
    if (failureType == null) {
      return "Rental failed";
    }
    return switch (failureType) {
      case DEPOSIT_DECLINED -> "Deposit declined";
      case EJECT_FAILED -> "Station could not eject a powerbank";
      case PAYMENTS_UNAVAILABLE -> "Payments service unavailable";
      case RENTAL_NOT_ACTIVE -> "Rental is not active";
      default -> "Rental failed: " + failureType;
    };
  }

  /** The type of the application failure behind an activity's failure, or null when none. */
  static String typeOf(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure app ? app.getType() : null;
  }

  /**
   * The reason an activity gave for its failure (its application failure's message), or {@code
   * fallback} when it gave none.
   */
  static String reasonOf(ActivityFailure e, String fallback) {
    return e.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage() : fallback;
  }
}
