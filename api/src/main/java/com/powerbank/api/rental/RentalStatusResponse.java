package com.powerbank.api.rental;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.powerbank.workflows.rental.RentalStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Answer of {@code GET /api/v1/rentals/{id}} (SPEC §4). Money in whole currency units; times
 * ISO-8601 UTC, null until reached.
 *
 * @param powerbankId null until the eject succeeded
 * @param totalAmount the cost accrued up to now while ACTIVE; the final cost once ended
 * @param paidAmount what was actually collected so far
 * @param currentDebt what is owed now
 * @param durationMinutes whole minutes since start (up to now while ACTIVE, to the end once ended)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "RentalStatusResponse",
    requiredProperties = {
      "rental_id",
      "status",
      "powerbank_id",
      "started_at",
      "finished_at",
      "total_amount",
      "paid_amount",
      "current_debt",
      "duration_minutes"
    })
public record RentalStatusResponse(
    @Schema(format = "uuid") String rentalId,
    RentalStatus status,
    @Schema(nullable = true) String powerbankId,
    @Schema(nullable = true) Instant startedAt,
    @Schema(nullable = true) Instant finishedAt,
    @Schema(minimum = "0") long totalAmount,
    @Schema(minimum = "0") long paidAmount,
    @Schema(minimum = "0") long currentDebt,
    @Schema(minimum = "0") long durationMinutes) {}
