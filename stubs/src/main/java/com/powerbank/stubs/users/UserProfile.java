package com.powerbank.stubs.users;

/**
 * The answer of {@code GET /user-profile}: {@code {"id","trusted","has_subscription"}}.
 *
 * @param id user id
 * @param trusted whether the user is trusted
 * @param hasSubscription whether the user has a subscription
 */
public record UserProfile(String id, boolean trusted, boolean hasSubscription) {}
