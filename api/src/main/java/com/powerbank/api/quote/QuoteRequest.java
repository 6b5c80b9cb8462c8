package com.powerbank.api.quote;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.powerbank.api.web.Inputs;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/rentals/quote} (SPEC §4): {@code {"user_id","station_id"}}. Since
 * issue 11 the user is the bearer token's subject: {@code user_id} may be left out, and must name
 * that user when given.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "QuoteRequest")
public record QuoteRequest(
    @Schema(
            example = "user-42",
            description = "Optional: the signed-in user (the token's subject) when left out")
        @Size(min = 1, max = 64, message = Inputs.ID_RULE)
        @Pattern(regexp = Inputs.ID_REGEX, message = Inputs.ID_RULE)
        String userId,
    @Schema(example = "station-1", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required")
        @Size(min = 1, max = 64, message = Inputs.ID_RULE)
        @Pattern(regexp = Inputs.ID_REGEX, message = Inputs.ID_RULE)
        String stationId) {}
