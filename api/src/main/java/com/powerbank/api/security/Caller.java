package com.powerbank.api.security;

import java.util.Collection;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who calls (issue 11): the bearer token's subject is the user; a token with the {@value
 * #OPERATOR_SCOPE} scope is the network's operator.
 *
 * @param userId the token's {@code sub}
 * @param operator whether the token carries the operator scope
 */
public record Caller(String userId, boolean operator) {

  /** Scope of a user acting on their own quotes and rentals. */
  public static final String RENTALS_SCOPE = "rentals";

  /** Scope of the network's operator (every rental, the operator view's endpoints). */
  public static final String OPERATOR_SCOPE = "operator";

  /** The caller of a validated token. */
  public static Caller of(Jwt token) {
    Collection<String> scopes = token.getClaimAsStringList("scope");
    return new Caller(token.getSubject(), scopes != null && scopes.contains(OPERATOR_SCOPE));
  }

  /** Whether this caller may read what belongs to {@code ownerId}: its owner, or the operator. */
  public boolean mayRead(String ownerId) {
    return operator || owns(ownerId);
  }

  /** Whether {@code ownerId} is this caller. */
  public boolean owns(String ownerId) {
    return userId != null && userId.equals(ownerId);
  }
}
