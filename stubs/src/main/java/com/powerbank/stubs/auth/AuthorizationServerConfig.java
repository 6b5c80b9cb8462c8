package com.powerbank.stubs.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.powerbank.stubs.users.UserDirectory;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The simulated identity provider (issue 11): Spring Authorization Server inside the stubs, with
 * OIDC discovery at {@code /.well-known/openid-configuration}, keys at {@code /oauth2/jwks} and
 * tokens at {@code /oauth2/token}. Users and clients are the demo ones ({@link DemoClients}); the
 * browser sign-in is Spring Security's form login. Every other endpoint of the stubs stays open, as
 * the services it simulates are reached by the api and worker without user tokens.
 */
@Configuration
@EnableConfigurationProperties(AuthSettings.class)
public class AuthorizationServerConfig {

  /**
   * OIDC userinfo: the subject, and whether it is the operator (the demo UI shows the operator view
   * then; the token's scope claim says the same, see {@link ScopeRules}).
   */
  private static final Function<OidcUserInfoAuthenticationContext, OidcUserInfo> USER_INFO =
      context -> {
        String name = context.getAuthorization().getPrincipalName();
        return new OidcUserInfo(Map.of("sub", name, "operator", DemoClients.OPERATOR.equals(name)));
      };

  /** The OAuth 2.0 / OIDC endpoints; a browser that is not signed in is sent to the login page. */
  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
    OAuth2AuthorizationServerConfigurer server =
        OAuth2AuthorizationServerConfigurer.authorizationServer();
    http.securityMatcher(server.getEndpointsMatcher())
        .with(
            server,
            as -> as.oidc(oidc -> oidc.userInfoEndpoint(info -> info.userInfoMapper(USER_INFO))))
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .cors(Customizer.withDefaults())
        .exceptionHandling(
            errors ->
                errors.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"),
                    new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  /** The login form for the browser flow; the simulated services themselves stay open. */
  @Bean
  @Order(2)
  SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(
            csrf ->
                csrf.ignoringRequestMatchers(request -> !"/login".equals(request.getServletPath())))
        .formLogin(Customizer.withDefaults())
        .build();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  RegisteredClientRepository registeredClients(AuthSettings settings) {
    return new DemoClients(settings);
  }

  /**
   * Browser sign-in: any user the users service would know, with the demo password; {@code
   * operator} with the operator's password.
   */
  @Bean
  UserDetailsService demoUsers(AuthSettings settings, PasswordEncoder passwords) {
    String userHash = passwords.encode(settings.userPassword());
    String operatorHash = passwords.encode(settings.operatorPassword());
    return name -> {
      if (DemoClients.OPERATOR.equals(name)) {
        return new User(name, operatorHash, AuthorityUtils.NO_AUTHORITIES);
      }
      if (!UserDirectory.mayExist(name)) {
        throw new UsernameNotFoundException("no such user");
      }
      return new User(name, userHash, AuthorityUtils.NO_AUTHORITIES);
    };
  }

  @Bean
  JWKSource<SecurityContext> jwkSource(AuthSettings settings) {
    return new ImmutableJWKSet<>(new JWKSet(SigningKey.load(settings.keyFile())));
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> scopeRules() {
    return new ScopeRules();
  }

  /** A blank issuer is taken from each request's own URL (used by tests on a random port). */
  @Bean
  AuthorizationServerSettings authorizationServerSettings(AuthSettings settings) {
    AuthorizationServerSettings.Builder builder = AuthorizationServerSettings.builder();
    if (settings.issuer() != null && !settings.issuer().isBlank()) {
      builder.issuer(settings.issuer());
    }
    return builder.build();
  }

  /** The demo UI (another origin) calls the token endpoint from the browser. */
  @Bean
  CorsConfigurationSource corsConfigurationSource(AuthSettings settings) {
    CorsConfiguration ui = new CorsConfiguration();
    ui.setAllowedOrigins(settings.uiOrigins());
    ui.addAllowedMethod("GET");
    ui.addAllowedMethod("POST");
    ui.addAllowedHeader("*");
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/oauth2/**", ui);
    source.registerCorsConfiguration("/.well-known/**", ui);
    source.registerCorsConfiguration("/userinfo", ui);
    return source;
  }
}
