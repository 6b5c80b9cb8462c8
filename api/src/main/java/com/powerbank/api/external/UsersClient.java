package com.powerbank.api.external;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code GET /user-profile} of the users service (SPEC §3), guarded by the {@code users} bulkhead,
 * circuit breaker and time limiter ({@link ExternalCalls}). The profile only lowers the deposit, so
 * without an answer the user is treated as untrusted (full deposit) instead of failing the quote.
 * An unknown user (404) is an answer, not a failure: it stays 404 and never opens the breaker.
 */
@Component
public class UsersClient {

  private static final Logger log = LoggerFactory.getLogger(UsersClient.class);

  private final StubsHttp http;
  private final ExternalCalls calls;

  public UsersClient(StubsHttp http, ExternalCalls calls) {
    this.http = http;
    this.calls = calls;
  }

  /**
   * @param userId a user id (already validated)
   * @return the profile, or {@link UserProfile#untrusted} when the service gives no answer (5xx,
   *     timeout, I/O error, breaker open, bulkhead full)
   * @throws ApiException 404 {@code USER_NOT_FOUND} when the users service does not know the user
   */
  public UserProfile profile(String userId) {
    Optional<UserProfile> profile;
    try {
      profile = calls.call(ExternalCalls.USERS, () -> fetch(userId));
    } catch (ExternalCallException e) {
      if (e.reason() == ExternalCallException.Reason.CIRCUIT_OPEN) {
        log.debug("users circuit breaker open, {} assumed untrusted", userId);
      } else {
        log.warn(
            "users service gave no answer for {}, assuming untrusted: {}", userId, e.getMessage());
      }
      return UserProfile.untrusted(userId);
    }
    return profile.orElseThrow(
        () -> ApiException.notFound(ErrorCodes.USER_NOT_FOUND, "User " + userId + " not found"));
  }

  private Optional<UserProfile> fetch(String userId) {
    return http.client()
        .get()
        .uri(b -> b.path("/user-profile").queryParam("id", userId).build())
        .exchange(
            (request, response) -> {
              if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.<UserProfile>empty();
              }
              if (!response.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException(
                    "users service answered " + response.getStatusCode().value());
              }
              UserProfile profile = response.bodyTo(UserProfile.class);
              if (profile == null) {
                throw new IllegalStateException("users service answered no profile");
              }
              return Optional.of(profile);
            });
  }
}
