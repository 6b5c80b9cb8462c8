package com.powerbank.api.rental;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.powerbank.api.web.Inputs;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/rentals/stop} (SPEC §4): {@code {"rental_id","station_id"}}.
 *
 * @param stationId the station the powerbank is returned to
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "StopRentalRequest")
public record StopRentalRequest(
    @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required")
        @Pattern(regexp = Inputs.UUID_REGEX, message = Inputs.UUID_RULE)
        String rentalId,
    @Schema(example = "station-2", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required")
        @Size(min = 1, max = 64, message = Inputs.ID_RULE)
        @Pattern(regexp = Inputs.ID_REGEX, message = Inputs.ID_RULE)
        String stationId) {}
