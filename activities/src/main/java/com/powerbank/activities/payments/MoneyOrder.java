package com.powerbank.activities.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;

/**
 * Request body of every payments call (SPEC §3): {@code {"user_id","order_id","amount"}}, without
 * {@code amount} for a release.
 *
 * @param userId the payer
 * @param orderId the rental id
 * @param amount whole currency units; null to leave the field out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MoneyOrder(
    @JsonProperty("user_id") String userId,
    @JsonProperty("order_id") String orderId,
    @JsonProperty("amount") @Nullable Long amount) {}
