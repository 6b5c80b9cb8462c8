package com.powerbank.stubs.users;

/**
 * A user as {@code GET /admin/state} and {@code PUT /admin/users/{id}} show it: {@code
 * {"balance","trusted","has_subscription","decline_charges","decline_holds"}}.
 *
 * @param balance spendable money, whole currency units (held money is not included)
 * @param trusted trusted users get a halved deposit from the product
 * @param hasSubscription served as-is by {@code GET /user-profile}
 * @param declineCharges every clear-money call answers 400 Insufficient funds
 * @param declineHolds every hold answers 400 Insufficient funds
 */
public record UserSnapshot(
    long balance,
    boolean trusted,
    boolean hasSubscription,
    boolean declineCharges,
    boolean declineHolds) {}
