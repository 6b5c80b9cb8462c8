package com.powerbank.api.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}).
 * Controllers document their own answers; this adds the errors every endpoint can give, so a
 * checker such as schemathesis finds every status it sees documented with the {@link ApiError}
 * schema.
 */
@Configuration
public class OpenApiConfiguration {

  private static final String BEARER = "bearer";

  /** Routes under this prefix need a bearer token (issue 11). */
  private static final String SIGNED_IN = "/api/v1/rentals";

  @Bean
  OpenAPI rentalCoreOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Powerbank rental-core API")
                .version("v1")
                .description(
                    "Quote, start, stop and read powerbank rentals. Every rental is a durable"
                        + " Temporal workflow. Money is in whole roubles (integers); times are"
                        + " ISO-8601 UTC. Every error is JSON {\"error\": message, \"code\":"
                        + " UPPER_SNAKE}. Unknown JSON fields are ignored; duplicate keys, wrong"
                        + " types and bodies over 16 KB are rejected."));
  }

  @Bean
  OpenApiCustomizer commonErrorResponses() {
    return openApi -> {
      Components components =
          openApi.getComponents() == null ? new Components() : openApi.getComponents();
      openApi.setComponents(components);
      ModelConverters.getInstance().read(ApiError.class).forEach(components::addSchemas);
      if (openApi.getPaths() == null) {
        return;
      }
      components.addSecuritySchemes(
          BEARER,
          new SecurityScheme()
              .type(SecurityScheme.Type.HTTP)
              .scheme("bearer")
              .bearerFormat("JWT")
              .description(
                  "An access token from the identity provider (make run: the stubs' provider,"
                      + " client id = user id, POST /oauth2/token grant_type=client_credentials)"));
      openApi
          .getPaths()
          .forEach(
              (route, path) ->
                  path.readOperationsMap()
                      .forEach(
                          (method, op) -> {
                            addErrors(method, op);
                            if (route.startsWith(SIGNED_IN)) {
                              addSignIn(route, op);
                            }
                          }));
    };
  }

  /**
   * Routes that need a bearer token, and their answers when it is missing or not enough (issue 11);
   * quote and start also answer 429 past the per-user rate limit.
   */
  private static void addSignIn(String route, Operation op) {
    op.addSecurityItem(new SecurityRequirement().addList(BEARER));
    ApiResponses responses = op.getResponses();
    addIfAbsent(
        responses,
        "401",
        "UNAUTHORIZED: no bearer token, or one that is expired, badly signed or from another"
            + " issuer (see WWW-Authenticate)");
    addIfAbsent(responses, "403", "FORBIDDEN: the token lacks the scope this endpoint needs");
    if (route.endsWith("/quote") || route.endsWith("/start")) {
      addIfAbsent(
          responses,
          "429",
          "RATE_LIMITED: too many quotes or starts from this user; retry after Retry-After"
              + " seconds");
    }
  }

  private static void addErrors(PathItem.HttpMethod method, Operation op) {
    ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
    op.setResponses(responses);
    if (op.getRequestBody() != null) {
      addIfAbsent(responses, "400", "VALIDATION_ERROR or MALFORMED_JSON: invalid request body");
      addIfAbsent(responses, "413", "PAYLOAD_TOO_LARGE: the body exceeds 16 KB");
      addIfAbsent(responses, "415", "UNSUPPORTED_MEDIA_TYPE: the body must be application/json");
    }
    addIfAbsent(responses, "406", "NOT_ACCEPTABLE: the API answers application/json only");
    addIfAbsent(
        responses,
        "503",
        "A dependency does not answer: DATABASE_UNAVAILABLE, TEMPORAL_UNAVAILABLE,"
            + " STATIONS_UNAVAILABLE, TARIFFS_UNAVAILABLE, TARIFF_INVALID, CONFIGS_UNAVAILABLE,"
            + " PAYMENTS_UNAVAILABLE, RENTAL_UNAVAILABLE, RENTAL_TIMEOUT or"
            + " IDENTITY_PROVIDER_UNAVAILABLE (repeat with the same"
            + " Idempotency-Key)");
    addIfAbsent(responses, "500", "INTERNAL_ERROR: a fault of the API itself");
  }

  private static void addIfAbsent(ApiResponses responses, String status, String description) {
    if (responses.containsKey(status)) {
      return;
    }
    responses.addApiResponse(
        status,
        new ApiResponse()
            .description(description)
            .content(
                new Content()
                    .addMediaType(
                        org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/Error")))));
  }
}
