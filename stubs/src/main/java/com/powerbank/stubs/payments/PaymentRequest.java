package com.powerbank.stubs.payments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of hold, clear and capture: {@code {"user_id","order_id","amount"}}.
 *
 * @param userId paying user
 * @param orderId the order (rental) the money is for
 * @param amount whole currency units, 0 or more
 */
public record PaymentRequest(
    @NotBlank String userId, @NotBlank String orderId, @NotNull @PositiveOrZero Long amount) {}
