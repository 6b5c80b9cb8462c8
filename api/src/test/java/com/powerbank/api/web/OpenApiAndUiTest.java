package com.powerbank.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document, Swagger UI and the demo page are served. */
class OpenApiAndUiTest extends ApiIntegrationTest {

  @Test
  void openApiDocumentsEveryEndpointWithSnakeCaseSchemasAndErrors() {
    Answer answer = fetch("/v3/api-docs");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode paths = answer.body().get("paths");
    assertThat(paths.has("/api/v1/rentals/quote")).isTrue();
    assertThat(paths.has("/api/v1/rentals/start")).isTrue();
    assertThat(paths.has("/api/v1/rentals/stop")).isTrue();
    assertThat(paths.has("/api/v1/rentals/{id}")).isTrue();
    assertThat(paths.has("/api/v1/rentals/{id}/payments")).isTrue();
    assertThat(paths.has("/api/v1/health")).isTrue();

    JsonNode start = paths.at("/~1api~1v1~1rentals~1start/post");
    assertThat(start.get("parameters").findValuesAsText("name")).contains("Idempotency-Key");
    assertThat(start.get("responses").has("402")).isTrue();
    assertThat(start.get("responses").has("422")).isTrue();
    assertThat(start.at("/responses/409/content/application~1json/schema/$ref").asText())
        .endsWith("/Error");
    assertThat(start.get("responses").has("413")).isTrue();
    assertThat(start.get("responses").has("415")).isTrue();

    JsonNode schemas = answer.body().at("/components/schemas");
    assertThat(fieldNames(schemas.at("/QuoteRequest/properties")))
        .containsExactlyInAnyOrder("user_id", "station_id");
    assertThat(fieldNames(schemas.at("/QuoteResponse/properties")))
        .containsExactlyInAnyOrder(
            "quote_id",
            "user_id",
            "station_id",
            "price_per_hour",
            "free_period_min",
            "deposit",
            "currency",
            "expires_in_sec");
    assertThat(fieldNames(schemas.at("/StopRentalResponse/properties")))
        .contains("duration_minutes", "current_debt", "finished_at");
    assertThat(fieldNames(schemas.at("/Error/properties")))
        .containsExactlyInAnyOrder("error", "code");
    assertThat(fieldNames(schemas.at("/HealthResponse/properties"))).contains("external_services");
  }

  @Test
  void everyErrorSpecRequiresIsDocumentedWithTheErrorSchema() {
    JsonNode paths = fetch("/v3/api-docs").body().get("paths");
    Map<String, List<String>> required =
        Map.of(
            "/api/v1/rentals/quote/post", List.of("400", "404", "409", "503"),
            "/api/v1/rentals/start/post", List.of("400", "402", "404", "409", "422", "503"),
            "/api/v1/rentals/stop/post", List.of("400", "404", "409", "422", "503"),
            "/api/v1/rentals/{id}/get", List.of("400", "404"),
            "/api/v1/rentals/{id}/payments/get", List.of("400", "404"));

    required.forEach(
        (operation, statuses) -> {
          String path = operation.substring(0, operation.lastIndexOf('/'));
          String method = operation.substring(operation.lastIndexOf('/') + 1);
          JsonNode responses = paths.path(path).path(method).path("responses");
          for (String status : statuses) {
            assertThat(
                    responses.at("/" + status + "/content/application~1json/schema/$ref").asText())
                .as("%s %s", operation, status)
                .endsWith("/Error");
          }
        });
  }

  @Test
  void swaggerUiAndTheDemoPageAreServed() {
    Answer swagger = fetch("/swagger-ui/index.html");
    assertThat(swagger.status()).isEqualTo(200);
    assertThat(fetch("/swagger-ui.html").status()).isIn(200, 302);

    Answer page = fetch("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw())
        .contains("Powerbank rental")
        .contains("/swagger-ui.html")
        .contains("8233");
    assertThat(fetch("/app.js").status()).isEqualTo(200);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
