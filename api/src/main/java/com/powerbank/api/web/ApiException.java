package com.powerbank.api.web;

import org.springframework.http.HttpStatus;

/**
 * A failure the API answers with a definite status and code (SPEC §4); {@link ApiExceptionHandler}
 * turns it into {@link ApiError} JSON. The factories name the status; the code names the reason.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final long retryAfterSec;

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, 0);
  }

  private ApiException(HttpStatus status, String code, String message, long retryAfterSec) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSec = retryAfterSec;
  }

  /** Seconds to send as {@code Retry-After}; 0 for none. */
  public long retryAfterSec() {
    return retryAfterSec;
  }

  /** 429: too many requests; a retry may succeed after {@code retryAfterSec} (at least 1). */
  public static ApiException tooManyRequests(String code, String message, long retryAfterSec) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS, code, message, Math.max(1, retryAfterSec));
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** 400: the request is malformed. */
  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }

  /** 404: the thing named in the request does not exist. */
  public static ApiException notFound(String code, String message) {
    return new ApiException(HttpStatus.NOT_FOUND, code, message);
  }

  /** 409: the request conflicts with the current state. */
  public static ApiException conflict(String code, String message) {
    return new ApiException(HttpStatus.CONFLICT, code, message);
  }

  /** Message of 503 {@link ErrorCodes#RENTAL_UNAVAILABLE}. */
  public static final String RENTAL_UNAVAILABLE_MESSAGE =
      "The rental could not answer; repeat the request with the same Idempotency-Key";

  /**
   * 503 {@code RENTAL_UNAVAILABLE}: Temporal answered a start or stop in a way the API does not
   * know; the client may repeat the request with the same key.
   */
  public static ApiException rentalUnavailable() {
    return unavailable(ErrorCodes.RENTAL_UNAVAILABLE, RENTAL_UNAVAILABLE_MESSAGE);
  }

  /** 503: a service the API depends on did not answer. */
  public static ApiException unavailable(String code, String message) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, message);
  }
}
