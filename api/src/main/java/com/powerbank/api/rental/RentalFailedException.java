package com.powerbank.api.rental;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.workflows.rental.RentalFailures;
import org.springframework.http.HttpStatus;

/**
 * A rental update answered with one of {@link RentalFailures}: the status each maps to (SPEC §4)
 * lives here, in one place. A type that is not one of them never reaches the client as its code: it
 * becomes 503 {@code RENTAL_UNAVAILABLE}.
 */
public class RentalFailedException extends ApiException {

  /**
   * @param failureType a {@link RentalFailures} constant (anything else: 503 RENTAL_UNAVAILABLE)
   * @param message the message for the client; null for the type's usual message
   */
  public RentalFailedException(String failureType, String message) {
    super(
        statusOf(failureType),
        isKnown(failureType) ? failureType : ErrorCodes.RENTAL_UNAVAILABLE,
        !isKnown(failureType)
            ? RENTAL_UNAVAILABLE_MESSAGE
            : message == null || message.isBlank()
                ? RentalFailures.messageOf(failureType)
                : message);
  }

  /**
   * 409 {@code RENTAL_NOT_ACTIVE}: the rental cannot take a stop (still starting, FAILED, BUYOUT).
   *
   * @param message what the client is told; null or blank for the usual message
   */
  public static RentalFailedException notActive(String message) {
    return new RentalFailedException(RentalFailures.RENTAL_NOT_ACTIVE, message);
  }

  /**
   * @return true for the {@link RentalFailures} types the API answers with their own code
   */
  public static boolean isKnown(String failureType) {
    return failureType != null
        && switch (failureType) {
          case RentalFailures.DEPOSIT_DECLINED,
              RentalFailures.EJECT_FAILED,
              RentalFailures.RENTAL_NOT_ACTIVE,
              RentalFailures.PAYMENTS_UNAVAILABLE ->
              true;
          default -> false;
        };
  }

  /**
   * @param failureType a {@link RentalFailures} constant
   * @return DEPOSIT_DECLINED 402, EJECT_FAILED 409, PAYMENTS_UNAVAILABLE 503, RENTAL_NOT_ACTIVE
   *     409; anything else 503 (answered as RENTAL_UNAVAILABLE)
   */
  public static HttpStatus statusOf(String failureType) {
    if (RentalFailures.DEPOSIT_DECLINED.equals(failureType)) {
      return HttpStatus.PAYMENT_REQUIRED;
    }
    if (RentalFailures.EJECT_FAILED.equals(failureType)
        || RentalFailures.RENTAL_NOT_ACTIVE.equals(failureType)) {
      return HttpStatus.CONFLICT;
    }
    return HttpStatus.SERVICE_UNAVAILABLE;
  }
}
