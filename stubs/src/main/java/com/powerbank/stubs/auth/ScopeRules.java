package com.powerbank.stubs.auth;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The {@code scope} claim of an access token (issue 11): a client-credentials request that names no
 * scope gets every scope of its client (so {@code curl -u user:secret -d
 * grant_type=client_credentials} is enough), and {@value DemoClients#OPERATOR} is kept in a browser
 * sign-in only when the signed-in user is the operator.
 */
public class ScopeRules implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private static final String SCOPE = "scope";

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    Set<String> scopes = new LinkedHashSet<>(context.getAuthorizedScopes());
    AuthorizationGrantType grant = context.getAuthorizationGrantType();
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grant) && scopes.isEmpty()) {
      scopes.addAll(context.getRegisteredClient().getScopes());
    }
    if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
        && !DemoClients.OPERATOR.equals(context.getPrincipal().getName())) {
      scopes.remove(DemoClients.OPERATOR);
    }
    context.getClaims().claim(SCOPE, scopes);
  }
}
