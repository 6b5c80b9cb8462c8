package com.powerbank.api.health;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Answer of {@code GET /api/v1/health} (SPEC §4).
 *
 * @param status {@code healthy}: everything answers; {@code degraded}: an external service does
 *     not; {@code unhealthy}: the database or Temporal does not (HTTP 503)
 * @param database {@code connected} or {@code disconnected}
 * @param temporal {@code connected} or {@code disconnected}
 * @param externalServices what the probes found, one GET per service now
 * @param circuitBreakers the state of the api's circuit breaker of each service it calls on quote
 *     and start (an addition to SPEC §4's shape)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "HealthResponse",
    requiredProperties = {
      "status",
      "database",
      "temporal",
      "external_services",
      "circuit_breakers"
    })
public record HealthResponse(
    @Schema(allowableValues = {"healthy", "degraded", "unhealthy"}) String status,
    @Schema(allowableValues = {"connected", "disconnected"}) String database,
    @Schema(allowableValues = {"connected", "disconnected"}) String temporal,
    ExternalServices externalServices,
    CircuitBreakers circuitBreakers) {

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

  /**
   * The state of each Resilience4j circuit breaker guarding the api's calls: {@code CLOSED} (calls
   * go through), {@code OPEN} (calls are refused at once: stations 503, users untrusted, tariffs
   * and configs their last good value), {@code HALF_OPEN} (a few trial calls decide), or {@code
   * DISABLED}, {@code FORCED_OPEN}, {@code METRICS_ONLY} when set so by hand.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(
      name = "CircuitBreakers",
      description =
          "State of the api's circuit breaker per external service it calls on quote and start",
      requiredProperties = {"stations", "tariffs", "users", "configs"})
  public record CircuitBreakers(
      CircuitBreaker.State stations,
      CircuitBreaker.State tariffs,
      CircuitBreaker.State users,
      CircuitBreaker.State configs) {}

  /** True when the API cannot serve rentals: HTTP 503. */
  public boolean unhealthy() {
    return "unhealthy".equals(status);
  }
}
