package com.powerbank.stubs.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The simulated identity provider's settings ({@code powerbank.auth.*}, issue 11).
 *
 * @param issuer the {@code iss} of every token and the base of the OIDC discovery document, e.g.
 *     {@code http://127.0.0.1:3629}; the api must be configured with the same value. Blank: each
 *     request's own base URL (tests on a random port)
 * @param userSecret the client secret of every demo user's client (client id = user id)
 * @param operatorSecret the client secret of the {@code operator} client
 * @param userPassword the sign-in password of every demo user in the browser (user name = user id)
 * @param operatorPassword the sign-in password of the {@code operator} user in the browser
 * @param uiRedirectUris where the demo UI's public client ({@code demo-ui}) may be sent back to
 * @param uiOrigins browser origins allowed to call the token endpoint (CORS), i.e. the demo UI's
 * @param tokenTtl lifetime of an access token
 * @param keyFile where the RSA signing key is kept as a JWK (created on first start), so tokens
 *     stay valid across restarts of the stubs; blank for a key in memory only
 */
@ConfigurationProperties("powerbank.auth")
public record AuthSettings(
    String issuer,
    String userSecret,
    String operatorSecret,
    String userPassword,
    String operatorPassword,
    List<String> uiRedirectUris,
    List<String> uiOrigins,
    Duration tokenTtl,
    String keyFile) {}
