package com.powerbank.api.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/auth/config}: where a browser client signs in (issue 11). Public: it names the
 * token issuer the api trusts and the demo UI's public client, nothing secret.
 */
@RestController
@Tag(name = "Sign-in", description = "Where to get a bearer token")
public class AuthConfigController {

  /** Client id of the demo UI at the identity provider (public client, PKCE). */
  public static final String DEMO_UI_CLIENT = "demo-ui";

  private final AuthConfig config;

  public AuthConfigController(
      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
    this.config =
        new AuthConfig(
            issuer, DEMO_UI_CLIENT, "openid " + Caller.RENTALS_SCOPE + " " + Caller.OPERATOR_SCOPE);
  }

  /**
   * The issuer (its OIDC discovery document is at {@code
   * <issuer>/.well-known/openid-configuration}), the browser client id and the scopes it asks for.
   */
  @GetMapping(path = "/api/v1/auth/config", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Sign-in settings for browser clients",
      description =
          "The token issuer the api trusts, and the demo UI's client id and scopes (authorization"
              + " code with PKCE). Scripts use client credentials at <issuer>/oauth2/token.")
  public AuthConfig config() {
    return config;
  }

  /**
   * @param issuer the token issuer's URL
   * @param clientId the public client of the demo UI
   * @param scope the scopes it asks for, space separated
   */
  public record AuthConfig(String issuer, String clientId, String scope) {}
}
