package com.powerbank.api.security;

import java.net.URI;

/** What anyone may fetch without a token, and the browser policy of the pages served (issue 11). */
final class PublicPaths {

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
