package com.powerbank.api.quote;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code quotes} (SPEC §7): prices frozen when quoted, in whole currency units.
 *
 * @param rentalId the rental that claimed the quote, null while unused
 */
public record Quote(
    UUID quoteId,
    String userId,
    String stationId,
    String tariffId,
    long pricePerHour,
    long freePeriodMin,
    long deposit,
    String currency,
    Instant createdAt,
    Instant expiresAt,
    UUID rentalId) {

  /** True when the quote can no longer start a rental at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
