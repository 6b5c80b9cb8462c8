package com.powerbank.workflows.rental;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Derivation of rental ids (SPEC §6): a name-based UUID of the quote's user and the client's {@code
 * Idempotency-Key}, never the raw header, so one user's key cannot reach another user's rental. The
 * rental id is also the workflow id.
 */
public final class RentalIds {

  private RentalIds() {}

  /**
   * @param userId the user of the quote
   * @param idempotencyKey the start request's {@code Idempotency-Key} (a UUID)
   * @return a version-3 UUID string, the same for the same pair
   */
  public static String rentalId(String userId, UUID idempotencyKey) {
    String name = "rental:" + userId + ":" + idempotencyKey.toString().toLowerCase();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
