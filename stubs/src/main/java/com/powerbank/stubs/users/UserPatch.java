package com.powerbank.stubs.users;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code PUT /admin/users/{id}}; every field optional, absent fields stay as they are.
 *
 * @param balance new balance, whole currency units
 * @param trusted trusted flag
 * @param hasSubscription subscription flag
 * @param declineCharges when true every charge is declined (how {@code poor-*} users start)
 * @param declineHolds when true every hold is declined (how {@code broke-*} users start)
 */
public record UserPatch(
    @PositiveOrZero Long balance,
    Boolean trusted,
    Boolean hasSubscription,
    Boolean declineCharges,
    Boolean declineHolds) {}
