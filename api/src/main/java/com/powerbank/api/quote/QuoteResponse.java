package com.powerbank.api.quote;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

/**
 * Answer of {@code POST /api/v1/rentals/quote} (SPEC §4). Money in whole currency units.
 *
 * @param pricePerHour the station's tariff, raised by {@code last_banks_increase} when at most one
 *     bank is left (rounded up)
 * @param deposit the tariff's deposit, halved for trusted users
 * @param expiresInSec seconds the quote stays usable ({@code QUOTE_TTL_SEC})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "QuoteResponse",
    requiredProperties = {
      "quote_id",
      "user_id",
      "station_id",
      "price_per_hour",
      "free_period_min",
      "deposit",
      "currency",
      "expires_in_sec"
    })
public record QuoteResponse(
    UUID quoteId,
    String userId,
    String stationId,
    @Schema(example = "60", minimum = "0") long pricePerHour,
    @Schema(example = "5", minimum = "0") long freePeriodMin,
    @Schema(example = "500", minimum = "0") long deposit,
    @Schema(example = "RUB") String currency,
    @Schema(example = "60", minimum = "1") long expiresInSec) {

  static QuoteResponse of(Quote q, long expiresInSec) {
    return new QuoteResponse(
        q.quoteId(),
        q.userId(),
        q.stationId(),
        q.pricePerHour(),
        q.freePeriodMin(),
        q.deposit(),
        q.currency(),
        expiresInSec);
  }
}
