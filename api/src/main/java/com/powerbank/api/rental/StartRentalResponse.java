package com.powerbank.api.rental;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.powerbank.workflows.rental.RentalStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Answer of {@code POST /api/v1/rentals/start} (SPEC §4), sent once the deposit is held and the
 * powerbank ejected. A repeated start with the same key answers the same, also after the rental
 * ended (SPEC §6).
 *
 * @param status always {@code ACTIVE}: the state the start brought the rental to
 * @param startedAt when the eject succeeded, ISO-8601 UTC
 * @param totalAmount always 0 at start, whole currency units
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "StartRentalResponse",
    requiredProperties = {"rental_id", "powerbank_id", "status", "started_at", "total_amount"})
public record StartRentalResponse(
    @Schema(format = "uuid") String rentalId,
    @Schema(example = "pb-000001") String powerbankId,
    @Schema(implementation = String.class, allowableValues = "ACTIVE") RentalStatus status,
    Instant startedAt,
    @Schema(example = "0", minimum = "0") long totalAmount) {

  static StartRentalResponse started(String rentalId, String powerbankId, Instant startedAt) {
    return new StartRentalResponse(rentalId, powerbankId, RentalStatus.ACTIVE, startedAt, 0);
  }
}
