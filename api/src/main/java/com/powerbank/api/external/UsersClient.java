package com.powerbank.api.external;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;

/**
 * {@code GET /user-profile} of the users service (SPEC §3). The profile only lowers the deposit, so
 * when the service fails the user is treated as untrusted instead of failing the quote.
 */
@Component("apiUsersClient")
public class UsersClient {

  private static final Logger log = LoggerFactory.getLogger(UsersClient.class);

  private final StubsHttp http;

  public UsersClient(StubsHttp http) {
    this.http = http;
  }

  /**
   * @param userId a user id (already validated)
   * @return the profile, or {@link UserProfile#untrusted} when the service fails (5xx, timeout)
   * @throws ApiException 404 {@code USER_NOT_FOUND} when the users service does not know the user
   */
  public UserProfile profile(String userId) {
    try {
      UserProfile profile =
          http.client()
              .get()
              .uri(b -> b.path("/user-profile").queryParam("id", userId).build())
              .retrieve()
              .body(UserProfile.class);
      return profile != null ? profile : UserProfile.untrusted(userId);
    } catch (HttpClientErrorException.NotFound e) {
      throw ApiException.notFound(ErrorCodes.USER_NOT_FOUND, "User " + userId + " not found");
    } catch (RuntimeException e) {
      log.warn("users service failed for {}, assuming untrusted: {}", userId, e.toString());
      return UserProfile.untrusted(userId);
    }
  }
}
