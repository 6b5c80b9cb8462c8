package com.powerbank.api.security;

import java.net.URI;
import java.util.List;

/** What anyone may fetch without a token, and the browser policy of the pages served (issue 11). */
public final class PublicPaths {

  /**
   * API routes open to a GET without a token: health, where to sign in, and where the Temporal Web
   * UI is (the demo UI links every rental there).
   */
  public static final List<String> API_GETS =
      List.of("/api/v1/health", "/api/v1/auth/config", "/api/v1/operator/links");

  /** API routes under these prefixes need a bearer token, but for {@link #API_GETS}. */
  static final List<String> SIGNED_IN_PREFIXES = List.of("/api/v1/rentals", "/api/v1/operator");

  /** Whether {@code path} (an API route) needs a bearer token (the OpenAPI document says so). */
  public static boolean needsToken(String path) {
    return SIGNED_IN_PREFIXES.stream().anyMatch(path::startsWith) && !API_GETS.contains(path);
  }

  /** The demo UI's files, the OpenAPI document and Swagger UI. */
  static final String[] UI_AND_DOCS = {
    "/",
    "/index.html",
    "/app.js",
    "/auth.js",
    "/app.css",
    "/favicon.ico",
    "/favicon.svg",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui.html",
    "/swagger-ui/**"
  };

  private PublicPaths() {}

  /**
   * Content-Security-Policy: scripts, styles and calls from this origin only, except that the demo
   * UI calls the identity provider's token endpoint and sends the browser to its sign-in page.
   *
   * @param issuer the token issuer's URL, e.g. {@code http://127.0.0.1:3629}
   */
  static String csp(String issuer) {
    String provider = origin(issuer);
    return "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
        + " connect-src 'self' "
        + provider
        + "; form-action 'self' "
        + provider
        + "; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
