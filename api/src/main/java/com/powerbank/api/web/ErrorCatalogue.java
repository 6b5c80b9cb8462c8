package com.powerbank.api.web;

import static com.powerbank.api.web.ErrorCodes.CONFIGS_UNAVAILABLE;
import static com.powerbank.api.web.ErrorCodes.DATABASE_UNAVAILABLE;
import static com.powerbank.api.web.ErrorCodes.IDEMPOTENCY_KEY_REQUIRED;
import static com.powerbank.api.web.ErrorCodes.IDEMPOTENCY_KEY_REUSED;
import static com.powerbank.api.web.ErrorCodes.INTERNAL_ERROR;
import static com.powerbank.api.web.ErrorCodes.INVALID_IDEMPOTENCY_KEY;
import static com.powerbank.api.web.ErrorCodes.MALFORMED_JSON;
import static com.powerbank.api.web.ErrorCodes.NOT_ACCEPTABLE;
import static com.powerbank.api.web.ErrorCodes.NO_POWERBANKS;
import static com.powerbank.api.web.ErrorCodes.PAYLOAD_TOO_LARGE;
import static com.powerbank.api.web.ErrorCodes.QUOTE_ALREADY_USED;
import static com.powerbank.api.web.ErrorCodes.QUOTE_EXPIRED;
import static com.powerbank.api.web.ErrorCodes.QUOTE_NOT_FOUND;
import static com.powerbank.api.web.ErrorCodes.RENTAL_NOT_ACTIVE;
import static com.powerbank.api.web.ErrorCodes.RENTAL_NOT_FOUND;
import static com.powerbank.api.web.ErrorCodes.RENTAL_TIMEOUT;
import static com.powerbank.api.web.ErrorCodes.RENTAL_UNAVAILABLE;
import static com.powerbank.api.web.ErrorCodes.STATIONS_UNAVAILABLE;
import static com.powerbank.api.web.ErrorCodes.STATION_NOT_FOUND;
import static com.powerbank.api.web.ErrorCodes.TARIFFS_UNAVAILABLE;
import static com.powerbank.api.web.ErrorCodes.TARIFF_INVALID;
import static com.powerbank.api.web.ErrorCodes.TEMPORAL_UNAVAILABLE;
import static com.powerbank.api.web.ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
import static com.powerbank.api.web.ErrorCodes.USER_HAS_DEBT;
import static com.powerbank.api.web.ErrorCodes.USER_NOT_FOUND;
import static com.powerbank.api.web.ErrorCodes.VALIDATION_ERROR;

import com.powerbank.workflows.rental.RentalFailures;
import java.util.Map;

/**
 * The OpenAPI error catalogue (SPEC §4) in one table beside {@link ErrorCodes}: for each endpoint,
 * the codes it answers with per HTTP status, and the errors every endpoint can give. {@link
 * OpenApiConfiguration} writes them into the document, each with the {@link ApiError} schema;
 * controllers document only their successful answers.
 */
public final class ErrorCatalogue {

  /** The errors of each endpoint, keyed {@code "<METHOD> <path>"} as in the document. */
  static final Map<String, Map<String, String>> BY_ENDPOINT =
      Map.of(
          "POST /api/v1/rentals/quote",
          Map.of(
              "404",
              STATION_NOT_FOUND
                  + ": unknown station; "
                  + USER_NOT_FOUND
                  + ": the users service does not know the user",
              "409",
              USER_HAS_DEBT
                  + ": the user has unpaid debt; "
                  + NO_POWERBANKS
                  + ": the station is empty"),
          "POST /api/v1/rentals/start",
          Map.of(
              "400",
              badKeyedRequest(QUOTE_EXPIRED + " (\"Quote expired\"), "),
              "402",
              RentalFailures.DEPOSIT_DECLINED
                  + ": the deposit hold was declined; nothing was ejected",
              "404",
              QUOTE_NOT_FOUND,
              "409",
              QUOTE_ALREADY_USED
                  + ": another rental used the quote; "
                  + USER_HAS_DEBT
                  + ": debt arose since the quote; "
                  + RentalFailures.EJECT_FAILED
                  + ": the station could not eject (the hold is released, the rental is FAILED)",
              "422",
              IDEMPOTENCY_KEY_REUSED + ": the key already started a rental from another quote"),
          "POST /api/v1/rentals/stop",
          Map.of(
              "400",
              badKeyedRequest(""),
              "404",
              RENTAL_NOT_FOUND
                  + ": unknown rental; "
                  + STATION_NOT_FOUND
                  + ": unknown return station",
              "409",
              RENTAL_NOT_ACTIVE + ": the rental is BUYOUT, FAILED or still starting",
              "422",
              IDEMPOTENCY_KEY_REUSED
                  + ": the key was already used to stop another rental or at another station"),
          "GET /api/v1/rentals/{id}",
          readById(),
          "GET /api/v1/rentals/{id}/payments",
          readById());

  /** Errors of every endpoint with a request body, unless the endpoint names its own. */
  static final Map<String, String> WITH_BODY =
      Map.of(
          "400", VALIDATION_ERROR + " or " + MALFORMED_JSON + ": invalid request body",
          "413", PAYLOAD_TOO_LARGE + ": the body exceeds 16 KB",
          "415", UNSUPPORTED_MEDIA_TYPE + ": the body must be application/json");

  /** Errors every endpoint can give, unless it names its own. */
  static final Map<String, String> EVERYWHERE =
      Map.of(
          "406",
          NOT_ACCEPTABLE + ": the API answers application/json only",
          "503",
          "A dependency does not answer: "
              + String.join(
                  ", ",
                  DATABASE_UNAVAILABLE,
                  TEMPORAL_UNAVAILABLE,
                  STATIONS_UNAVAILABLE,
                  TARIFFS_UNAVAILABLE,
                  TARIFF_INVALID,
                  CONFIGS_UNAVAILABLE,
                  RentalFailures.PAYMENTS_UNAVAILABLE,
                  RENTAL_UNAVAILABLE)
              + " or "
              + RENTAL_TIMEOUT
              + " (repeat with the same Idempotency-Key)",
          "500",
          INTERNAL_ERROR + ": a fault of the API itself");

  private ErrorCatalogue() {}

  /** The 400 codes of a request with an Idempotency-Key and a body, {@code more} among them. */
  private static String badKeyedRequest(String more) {
    return IDEMPOTENCY_KEY_REQUIRED
        + ", "
        + INVALID_IDEMPOTENCY_KEY
        + ", "
        + more
        + VALIDATION_ERROR
        + ", "
        + MALFORMED_JSON;
  }

  private static Map<String, String> readById() {
    return Map.of("400", VALIDATION_ERROR + ": the id is not a UUID", "404", RENTAL_NOT_FOUND);
  }
}
