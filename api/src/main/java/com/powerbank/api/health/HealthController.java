package com.powerbank.api.health;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/health} (SPEC §4). */
@RestController
@Tag(name = "Health")
public class HealthController {

  private final HealthService health;

  public HealthController(HealthService health) {
    this.health = health;
  }

  /**
   * @return 200 when the database and Temporal answer (status healthy or degraded), else 503 with
   *     status unhealthy; the body is the same shape either way
   */
  @GetMapping(path = "/api/v1/health", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Health of the API and its dependencies",
      description =
          "healthy: all answer; degraded: an external service does not (HTTP 200); unhealthy: the"
              + " database or Temporal does not (HTTP 503). Payments has no probe of its own: it"
              + " counts as available when the external services host answers. circuit_breakers:"
              + " the state of the api's circuit breaker per service it calls on quote and start"
              + " (OPEN: stations answer 503 at once, users count as untrusted, tariffs and"
              + " configs serve their last good value).")
  @ApiResponse(responseCode = "200", description = "healthy or degraded")
  @ApiResponse(
      responseCode = "503",
      description = "unhealthy: the database or Temporal is down",
      content = @Content(schema = @Schema(implementation = HealthResponse.class)))
  public ResponseEntity<HealthResponse> health() {
    HealthResponse answer = health.check();
    return ResponseEntity.status(
            answer.unhealthy() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
        .body(answer);
  }
}
