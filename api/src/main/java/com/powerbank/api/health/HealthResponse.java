package com.powerbank.api.health;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Answer of {@code GET /api/v1/health} (SPEC §4).
 *
 * @param status {@code healthy}: everything answers; {@code degraded}: an external service does
 *     not; {@code unhealthy}: the database or Temporal does not (HTTP 503)
 * @param database {@code connected} or {@code disconnected}
 * @param temporal {@code connected} or {@code disconnected}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "HealthResponse",
    requiredProperties = {"status", "database", "temporal", "external_services"})
public record HealthResponse(
    @Schema(allowableValues = {"healthy", "degraded", "unhealthy"}) String status,
    @Schema(allowableValues = {"connected", "disconnected"}) String database,
    @Schema(allowableValues = {"connected", "disconnected"}) String temporal,
    ExternalServices externalServices) {

  /** Each value is {@code available} or {@code unavailable}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(
      name = "ExternalServices",
      requiredProperties = {"stations", "tariffs", "users", "payments"})
  public record ExternalServices(
      @Schema(allowableValues = {"available", "unavailable"}) String stations,
      @Schema(allowableValues = {"available", "unavailable"}) String tariffs,
      @Schema(allowableValues = {"available", "unavailable"}) String users,
      @Schema(allowableValues = {"available", "unavailable"}) String payments) {}

  /** True when the API cannot serve rentals: HTTP 503. */
  public boolean unhealthy() {
    return "unhealthy".equals(status);
  }
}
