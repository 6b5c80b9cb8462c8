package com.powerbank.api.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Formats of the identifiers the API accepts (SPEC §4 input limits), shared by the request records'
 * Bean Validation annotations and by path variables.
 */
public final class Inputs {

  /** User and station ids: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
  public static final String ID_REGEX = "^[A-Za-z0-9._-]{1,64}$";

  /** Human-readable form of {@link #ID_REGEX} for error messages. */
  public static final String ID_RULE = "must be 1-64 characters of A-Z a-z 0-9 . _ -";

  /** Rental, quote and idempotency ids: a canonical UUID (8-4-4-4-12 hex digits, any case). */
  public static final String UUID_REGEX =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  /** Human-readable form of {@link #UUID_REGEX} for error messages. */
  public static final String UUID_RULE =
      "must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";

  private static final Pattern UUID_PATTERN = Pattern.compile(UUID_REGEX);

  private Inputs() {}

  /**
   * Parses a canonical UUID.
   *
   * @param field the field's wire name, for the message
   * @return the UUID
   * @throws ApiException 400 {@code VALIDATION_ERROR} when {@code value} is not a canonical UUID
   */
  public static UUID uuid(String field, String value) {
    if (value == null || !UUID_PATTERN.matcher(value).matches()) {
      throw ApiException.badRequest(ErrorCodes.VALIDATION_ERROR, field + " " + UUID_RULE);
    }
    return UUID.fromString(value);
  }
}
