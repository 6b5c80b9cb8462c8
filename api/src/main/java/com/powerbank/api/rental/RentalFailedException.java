package com.powerbank.api.rental;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.workflows.rental.RentalFailures;
import org.springframework.http.HttpStatus;

/**
 * A rental update answered with one of {@link RentalFailures}: the status each maps to (SPEC §4)
 * lives here, in one place.
 */
public class RentalFailedException extends ApiException {

  public RentalFailedException(String failureType, String message) {
    super(
        statusOf(failureType),
        failureType == null ? ErrorCodes.INTERNAL_ERROR : failureType,
        message == null ? RentalFailures.messageOf(failureType) : message);
  }

  /**
   * @param failureType a {@link RentalFailures} constant
   * @return DEPOSIT_DECLINED 402, EJECT_FAILED 409, PAYMENTS_UNAVAILABLE 503, RENTAL_NOT_ACTIVE
   *     409; anything else 500
   */
  public static HttpStatus statusOf(String failureType) {
    if (failureType == null) {
      return HttpStatus.INTERNAL_SERVER_ERROR;
    }
    return switch (failureType) {
      case RentalFailures.DEPOSIT_DECLINED -> HttpStatus.PAYMENT_REQUIRED;
      case RentalFailures.EJECT_FAILED, RentalFailures.RENTAL_NOT_ACTIVE -> HttpStatus.CONFLICT;
      case RentalFailures.PAYMENTS_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }
}
