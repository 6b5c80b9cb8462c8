package com.powerbank.stubs.auth;

import com.powerbank.stubs.users.UserDirectory;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients of the simulated identity provider (issue 11), made on demand instead of stored:
 *
 * <ul>
 *   <li>every user the users service would know ({@link UserDirectory#mayExist}) is a confidential
 *       client of its own, client id = user id, grant {@code client_credentials}, scope {@value
 *       #RENTALS}: the token's subject is the user (for scripts and tests);
 *   <li>{@value #OPERATOR} is a confidential client with scope {@value #OPERATOR};
 *   <li>{@value #DEMO_UI} is the demo UI's public client: authorization code with PKCE, scopes
 *       {@code openid}, {@value #RENTALS} and {@value #OPERATOR} (the last kept only for the
 *       operator user: {@link ScopeRules}).
 * </ul>
 */
public class DemoClients implements RegisteredClientRepository {

  /** Scope of a user acting on their own quotes and rentals. */
  public static final String RENTALS = "rentals";

  /** Scope (and client id, and user name) of the network's operator. */
  public static final String OPERATOR = "operator";

  /** Client id of the demo UI. */
  public static final String DEMO_UI = "demo-ui";

  private final AuthSettings settings;
  private final String userSecretHash;
  private final String operatorSecretHash;

  /**
   * The demo secrets are kept as {@code {noop}}, not hashed: they are shared, published demo values
   * of a simulated provider, and a bcrypt check costs tens of CPU milliseconds per token, which the
   * benchmark's thousands of users (one token each) would pay on the box it measures.
   */
  public DemoClients(AuthSettings settings) {
    this.settings = settings;
    this.userSecretHash = NOOP + settings.userSecret();
    this.operatorSecretHash = NOOP + settings.operatorSecret();
  }

  private static final String NOOP = "{noop}";

  /**
   * Clients are fixed and made on demand: nothing is kept. (Spring Authorization Server calls this
   * to store a client secret re-encoded after a successful check; the demo secrets stay as they
   * are.)
   */
  @Override
  public void save(RegisteredClient registeredClient) {
    // nothing to keep
  }

  /** A client's id is its client id. */
  @Override
  public RegisteredClient findById(String id) {
    return findByClientId(id);
  }

  /** The client for {@code clientId}, or null when there is none. */
  @Override
  public RegisteredClient findByClientId(String clientId) {
    if (clientId == null) {
      return null;
    }
    return switch (clientId) {
      case DEMO_UI -> demoUi();
      case OPERATOR -> confidential(OPERATOR, operatorSecretHash, OPERATOR);
      default ->
          UserDirectory.mayExist(clientId) ? confidential(clientId, userSecretHash, RENTALS) : null;
    };
  }

  private RegisteredClient confidential(String clientId, String secretHash, String scope) {
    return RegisteredClient.withId(clientId)
        .clientId(clientId)
        .clientSecret(secretHash)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scope(scope)
        .tokenSettings(tokens())
        .build();
  }

  private RegisteredClient demoUi() {
    RegisteredClient.Builder client =
        RegisteredClient.withId(DEMO_UI)
            .clientId(DEMO_UI)
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .scope(OidcScopes.OPENID)
            .scope(RENTALS)
            .scope(OPERATOR)
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(true)
                    .requireAuthorizationConsent(false)
                    .build())
            .tokenSettings(tokens());
    settings.uiRedirectUris().forEach(client::redirectUri);
    return client.build();
  }

  private TokenSettings tokens() {
    return TokenSettings.builder().accessTokenTimeToLive(settings.tokenTtl()).build();
  }
}
