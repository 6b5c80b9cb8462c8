package com.powerbank.stubs.payments;

import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /release-money-for-order}: {@code {"user_id","order_id"}}.
 *
 * @param userId the user the hold belongs to
 * @param orderId the order the hold was made for
 */
public record ReleaseRequest(@NotBlank String userId, @NotBlank String orderId) {}
