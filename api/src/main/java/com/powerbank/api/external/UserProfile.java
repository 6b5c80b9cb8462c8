package com.powerbank.api.external;

/**
 * The answer of {@code GET /user-profile?id=U} (SPEC §3).
 *
 * @param trusted trusted users pay half the deposit
 */
public record UserProfile(String id, boolean trusted, boolean hasSubscription) {

  /** What the API assumes when the users service fails: an ordinary, untrusted user. */
  public static UserProfile untrusted(String id) {
    return new UserProfile(id, false, false);
  }
}
