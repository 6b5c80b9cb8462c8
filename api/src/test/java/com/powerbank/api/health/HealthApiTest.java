package com.powerbank.api.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.powerbank.api.ApiIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/health} (SPEC §4). */
class HealthApiTest extends ApiIntegrationTest {

  @Test
  void everythingUpIsHealthy() {
    Answer answer = fetch("/api/v1/health");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode h = answer.body();
    assertThat(h.get("status").asText()).isEqualTo("healthy");
    assertThat(h.get("database").asText()).isEqualTo("connected");
    assertThat(h.get("temporal").asText()).isEqualTo("connected");
    JsonNode external = h.get("external_services");
    assertThat(external.get("stations").asText()).isEqualTo("available");
    assertThat(external.get("tariffs").asText()).isEqualTo("available");
    assertThat(external.get("users").asText()).isEqualTo("available");
    assertThat(external.get("payments").asText()).isEqualTo("available");
    JsonNode breakers = h.get("circuit_breakers");
    assertThat(breakers.size()).isEqualTo(4);
    for (String service : List.of("stations", "tariffs", "users", "configs")) {
      assertThat(breakers.get(service).asText()).as(service).isEqualTo("CLOSED");
    }
  }

  @Test
  void theOpenApiSchemaHasTheCircuitBreakers() {
    JsonNode schemas = fetch("/v3/api-docs").body().at("/components/schemas");

    JsonNode health = schemas.get("HealthResponse");
    assertThat(health.at("/properties/circuit_breakers/$ref").asText())
        .isEqualTo("#/components/schemas/CircuitBreakers");
    assertThat(health.get("required").toString()).contains("\"circuit_breakers\"");
    JsonNode breakers = schemas.get("CircuitBreakers");
    for (String service : List.of("stations", "tariffs", "users", "configs")) {
      assertThat(breakers.at("/properties/" + service + "/enum").toString())
          .as(service)
          .contains("\"CLOSED\"", "\"OPEN\"", "\"HALF_OPEN\"");
    }
    assertThat(breakers.get("required").size()).isEqualTo(4);
  }

  @Test
  void anExternalServiceDownIsDegradedButStill200() {
    stubs.stubFor(
        get(urlPathEqualTo("/station-data")).atPriority(1).willReturn(aResponse().withStatus(503)));

    Answer answer = fetch("/api/v1/health");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("status").asText()).isEqualTo("degraded");
    assertThat(answer.body().at("/external_services/stations").asText()).isEqualTo("unavailable");
    assertThat(answer.body().at("/external_services/tariffs").asText()).isEqualTo("available");
  }

  @Test
  void externalServicesUnreachableAreDegraded() {
    stubs.stubFor(
        get(urlPathEqualTo("/tariff"))
            .atPriority(1)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    stubs.stubFor(
        get(urlPathEqualTo("/configs")).atPriority(1).willReturn(aResponse().withStatus(500)));

    Answer answer = fetch("/api/v1/health");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("status").asText()).isEqualTo("degraded");
    assertThat(answer.body().at("/external_services/tariffs").asText()).isEqualTo("unavailable");
    assertThat(answer.body().at("/external_services/payments").asText()).isEqualTo("unavailable");
    assertThat(answer.body().at("/external_services/users").asText()).isEqualTo("available");
  }
}
