package com.powerbank.api.security;

import com.powerbank.api.web.Inputs;
import java.util.regex.Pattern;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Turns a validated JWT into the caller's authentication (Spring's {@link
 * JwtAuthenticationConverter}: scopes become {@code SCOPE_*} authorities), after checking that the
 * subject is a user id the API can store: the same rule as a {@code user_id} in a body ({@link
 * Inputs#ID_REGEX}, 1-64 characters). Any issuer may sign a longer or odder subject; such a token
 * is 401 {@code invalid_token}, not a failure deeper down (issue 11).
 */
final class UserIdSubject implements Converter<Jwt, AbstractAuthenticationToken> {

  private static final Pattern USER_ID = Pattern.compile(Inputs.ID_REGEX);

  private final JwtAuthenticationConverter scopes = new JwtAuthenticationConverter();

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    String subject = jwt.getSubject();
    if (subject == null || !USER_ID.matcher(subject).matches()) {
      throw new InvalidBearerTokenException(
          "The token's subject is not a user id: " + Inputs.ID_RULE);
    }
    return scopes.convert(jwt);
  }
}
