package com.powerbank.api.web;

/**
 * Every {@code code} the API answers with, in one place (SPEC §4). The HTTP status of each is
 * noted; the OpenAPI document lists them per endpoint.
 */
public final class ErrorCodes {

  // ---- request shape (400, 404, 405, 406, 413, 415) ----
  /** 400: a field is missing, has the wrong type, or breaks its format. */
  public static final String VALIDATION_ERROR = "VALIDATION_ERROR";

  /** 400: the body is not JSON, is empty, or has a duplicate key. */
  public static final String MALFORMED_JSON = "MALFORMED_JSON";

  /** 400: the {@code Idempotency-Key} header is missing. */
  public static final String IDEMPOTENCY_KEY_REQUIRED = "IDEMPOTENCY_KEY_REQUIRED";

  /** 400: the {@code Idempotency-Key} header is not a UUID. */
  public static final String INVALID_IDEMPOTENCY_KEY = "INVALID_IDEMPOTENCY_KEY";

  // ---- sign-in and ownership (401, 403, 429, 503: issue 11) ----
  /** 401: no bearer token, or one that is expired, badly signed or from another issuer. */
  public static final String UNAUTHORIZED = "UNAUTHORIZED";

  /** 403: the token lacks the scope the endpoint needs (e.g. a user on an operator endpoint). */
  public static final String FORBIDDEN = "FORBIDDEN";

  /** 403: a quote's {@code user_id} names another user than the token's subject. */
  public static final String USER_MISMATCH = "USER_MISMATCH";

  /** 429: the user sent more quotes or starts than the per-user limit allows; see Retry-After. */
  public static final String RATE_LIMITED = "RATE_LIMITED";

  /** 503: the token could not be checked (the identity provider's keys are out of reach). */
  public static final String IDENTITY_PROVIDER_UNAVAILABLE = "IDENTITY_PROVIDER_UNAVAILABLE";

  /** 404: no such route. */
  public static final String NOT_FOUND = "NOT_FOUND";

  /** 405: the route exists, the method does not. */
  public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

  /** 406: the client accepts no representation the API can produce. */
  public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";

  /** 413: the body exceeds 16 KB. */
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";

  /** 415: the body is not {@code application/json}. */
  public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";

  // ---- business rules ----
  /** 409: the user owes money from an earlier rental. */
  public static final String USER_HAS_DEBT = "USER_HAS_DEBT";

  /** 404: the station does not exist. */
  public static final String STATION_NOT_FOUND = "STATION_NOT_FOUND";

  /** The users service does not know the user (SPEC §3 user-profile 404). */
  public static final String USER_NOT_FOUND = "USER_NOT_FOUND";

  /** 409: the station has no powerbank to rent. */
  public static final String NO_POWERBANKS = "NO_POWERBANKS";

  /** 404: the quote does not exist. */
  public static final String QUOTE_NOT_FOUND = "QUOTE_NOT_FOUND";

  /** 400: the quote expired before it was used. */
  public static final String QUOTE_EXPIRED = "QUOTE_EXPIRED";

  /** 409: another rental already used the quote. */
  public static final String QUOTE_ALREADY_USED = "QUOTE_ALREADY_USED";

  /**
   * 422: the idempotency key was already used for another request: a start from a different quote,
   * or a stop of a different rental or at a different station.
   */
  public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";

  /** 404: the rental does not exist. */
  public static final String RENTAL_NOT_FOUND = "RENTAL_NOT_FOUND";

  /** 409: the rental is not active (BUYOUT, FAILED or still starting). */
  public static final String RENTAL_NOT_ACTIVE =
      com.powerbank.workflows.rental.RentalFailures.RENTAL_NOT_ACTIVE;

  // ---- dependencies (503) and server faults (500) ----
  /** 503: the stations service did not answer. */
  public static final String STATIONS_UNAVAILABLE = "STATIONS_UNAVAILABLE";

  /** 503: the tariffs service did not answer (or does not know the station's tariff). */
  public static final String TARIFFS_UNAVAILABLE = "TARIFFS_UNAVAILABLE";

  /** 503: the station's tariff makes no sense (negative values, or price and deposit both 0). */
  public static final String TARIFF_INVALID = "TARIFF_INVALID";

  /** 503: the configs service did not answer and no earlier answer is known. */
  public static final String CONFIGS_UNAVAILABLE = "CONFIGS_UNAVAILABLE";

  /** 503: Temporal did not answer. */
  public static final String TEMPORAL_UNAVAILABLE = "TEMPORAL_UNAVAILABLE";

  /** 503: PostgreSQL did not answer. */
  public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";

  /** 503: the start or stop did not finish in time; repeat it with the same Idempotency-Key. */
  public static final String RENTAL_TIMEOUT = "RENTAL_TIMEOUT";

  /**
   * 503: Temporal answered the start or stop in a way the API does not know (never a Temporal class
   * name); repeat it with the same Idempotency-Key.
   */
  public static final String RENTAL_UNAVAILABLE = "RENTAL_UNAVAILABLE";

  /** 500: a fault of the API itself. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private ErrorCodes() {}

  /**
   * The code of an error raised outside the controllers, where only the HTTP status is known (the
   * servlet container's own rejections, filters).
   */
  public static String forStatus(int status) {
    return switch (status) {
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> status >= 400 && status < 500 ? VALIDATION_ERROR : INTERNAL_ERROR;
    };
  }
}
