package com.powerbank.api.rental;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.powerbank.workflows.rental.RentalStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Answer of {@code POST /api/v1/rentals/stop} (SPEC §4): the rental's receipt. Money in whole
 * currency units, times ISO-8601 UTC.
 *
 * @param totalAmount the final cost, due at the stop moment (to the second)
 * @param durationMinutes whole minutes from start to stop, rounded down
 * @param currentDebt what is still owed after settlement against the deposit
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "StopRentalResponse",
    requiredProperties = {
      "rental_id",
      "status",
      "started_at",
      "finished_at",
      "total_amount",
      "duration_minutes",
      "current_debt"
    })
public record StopRentalResponse(
    @Schema(format = "uuid") String rentalId,
    @Schema(implementation = String.class, allowableValues = "FINISHED") RentalStatus status,
    Instant startedAt,
    Instant finishedAt,
    @Schema(minimum = "0") long totalAmount,
    @Schema(minimum = "0") long durationMinutes,
    @Schema(minimum = "0") long currentDebt) {}
