package com.powerbank.api.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** The {@code Idempotency-Key} header of start and stop (SPEC §6): required, a UUID. */
public final class IdempotencyKeys {

  /** Name of the header. */
  public static final String HEADER = "Idempotency-Key";

  private static final Pattern UUID_PATTERN = Pattern.compile(Inputs.UUID_REGEX);

  private IdempotencyKeys() {}

  /**
   * Parses the header value.
   *
   * @param header the raw header, null when absent
   * @return the key as a UUID
   * @throws ApiException 400 {@code IDEMPOTENCY_KEY_REQUIRED} when missing or blank, 400 {@code
   *     INVALID_IDEMPOTENCY_KEY} when not a UUID
   */
  public static UUID parse(String header) {
    if (header == null || header.isBlank()) {
      throw ApiException.badRequest(
          ErrorCodes.IDEMPOTENCY_KEY_REQUIRED, "Idempotency-Key header is required");
    }
    String value = header.strip();
    if (!UUID_PATTERN.matcher(value).matches()) {
      throw ApiException.badRequest(
          ErrorCodes.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key " + Inputs.UUID_RULE);
    }
    return UUID.fromString(value);
  }
}
