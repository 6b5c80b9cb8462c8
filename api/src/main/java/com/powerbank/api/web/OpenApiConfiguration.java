package com.powerbank.api.web;

import com.powerbank.api.security.PublicPaths;
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
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}).
 * Controllers document their successful answers; this adds the errors of {@link ErrorCatalogue},
 * each endpoint's own and those every endpoint can give, so a checker such as schemathesis finds
 * every status it sees documented with the {@link ApiError} schema.
 */
@Configuration
public class OpenApiConfiguration {

  private static final String BEARER = "bearer";

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
              (path, item) ->
                  item.readOperationsMap()
                      .forEach(
                          (method, op) -> {
                            addErrors(path, method, op);
                            if (PublicPaths.needsToken(path)) {
                              addSignIn(op);
                            }
                          }));
    };
  }

  /**
   * Routes that need a bearer token: the security requirement, and the answers when it is missing
   * or not enough ({@link ErrorCatalogue#SIGNED_IN}, issue 11).
   */
  private static void addSignIn(Operation op) {
    op.addSecurityItem(new SecurityRequirement().addList(BEARER));
    new TreeMap<>(ErrorCatalogue.SIGNED_IN).forEach((s, d) -> addIfAbsent(op.getResponses(), s, d));
  }

  private static void addErrors(String path, PathItem.HttpMethod method, Operation op) {
    ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
    op.setResponses(responses);
    new TreeMap<>(ErrorCatalogue.BY_ENDPOINT.getOrDefault(method + " " + path, Map.of()))
        .forEach((status, description) -> addIfAbsent(responses, status, description));
    if (op.getRequestBody() != null) {
      new TreeMap<>(ErrorCatalogue.WITH_BODY).forEach((s, d) -> addIfAbsent(responses, s, d));
    }
    new TreeMap<>(ErrorCatalogue.EVERYWHERE).forEach((s, d) -> addIfAbsent(responses, s, d));
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
