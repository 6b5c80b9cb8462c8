package com.powerbank.stubs.payments;

/**
 * A hold as {@code GET /admin/state} shows it: {@code
 * {"user_id","order_id","amount","held","captured","released"}}, all money in whole currency units.
 *
 * @param userId the user
 * @param orderId the order
 * @param amount still on hold now ({@code held - captured - released})
 * @param held total ever put on hold for this order
 * @param captured total taken from the hold
 * @param released total returned to the balance
 */
public record HoldView(
    String userId, String orderId, long amount, long held, long captured, long released) {}
