package com.powerbank.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The api's perimeter (issue 11). Every call to {@code /api/v1/rentals/**} needs a bearer JWT from
 * the configured issuer ({@code spring.security.oauth2.resourceserver.jwt.*}): quote, start and
 * stop need scope {@value Caller#RENTALS_SCOPE}, reading a rental that scope or {@value
 * Caller#OPERATOR_SCOPE}; the operator endpoints (but {@code links}) need {@value
 * Caller#OPERATOR_SCOPE}. Open: the demo UI's files, the OpenAPI document and Swagger UI, and
 * {@link PublicPaths#API_GETS}. The actuator (health, info, prometheus) answers only on its
 * management port ({@link ManagementPort}, 127.0.0.1) and needs no token there; on the public port
 * {@code /actuator/**} is refused. Stateless (no session, no CSRF: no cookies are read); CORS
 * closed unless {@code powerbank.api.cors-origins} lists origins; Spring Security's default headers
 * plus a Content-Security-Policy that lets the demo UI reach the identity provider only.
 */
@Configuration
public class SecurityConfig {

  private static final String OPERATOR = "SCOPE_" + Caller.OPERATOR_SCOPE;
  private static final String RENTALS = "SCOPE_" + Caller.RENTALS_SCOPE;

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ObjectMapper json,
      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
      ManagementPort managementPort)
      throws Exception {
    JsonAuthErrors errors = new JsonAuthErrors(json);
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(managementPort::matches)
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, PublicPaths.UI_AND_DOCS)
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, PublicPaths.API_GETS.toArray(String[]::new))
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .denyAll()
                    .requestMatchers("/api/v1/operator/**")
                    .hasAuthority(OPERATOR)
                    .requestMatchers(HttpMethod.GET, "/api/v1/rentals/**")
                    .hasAnyAuthority(RENTALS, OPERATOR)
                    .requestMatchers("/api/v1/rentals/**")
                    .hasAuthority(RENTALS)
                    .requestMatchers("/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            server ->
                server
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new UserIdSubject()))
                    .authenticationEntryPoint(errors)
                    .accessDeniedHandler(errors)
                    .withObjectPostProcessor(failuresAnsweredBy(errors)))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(errors))
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .cors(Customizer.withDefaults())
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(PublicPaths.csp(issuer))));
    return http.build();
  }

  /** A token that cannot be checked is 503, not a 500 (see {@link JsonAuthErrors}). */
  private static ObjectPostProcessor<BearerTokenAuthenticationFilter> failuresAnsweredBy(
      JsonAuthErrors errors) {
    return new ObjectPostProcessor<>() {
      @Override
      public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
        filter.setAuthenticationFailureHandler(errors);
        return filter;
      }
    };
  }

  /**
   * Cross-origin calls: none unless {@code powerbank.api.cors-origins} names origins (comma
   * separated); then GET and POST with the Authorization, Content-Type and Idempotency-Key headers.
   */
  @Bean
  CorsConfigurationSource corsConfigurationSource(
      @Value("${powerbank.api.cors-origins:}") List<String> origins) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    List<String> allowed = origins.stream().filter(o -> !o.isBlank()).toList();
    if (!allowed.isEmpty()) {
      CorsConfiguration api = new CorsConfiguration();
      api.setAllowedOrigins(allowed);
      api.setAllowedMethods(List.of("GET", "POST"));
      api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
      source.registerCorsConfiguration("/api/**", api);
    }
    return source;
  }
}
