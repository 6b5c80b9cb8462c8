package com.powerbank.api.operator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user with open debt (read model, table {@code debts}).
 *
 * @param userId the user
 * @param debt unpaid, whole currency units, {@code > 0}
 * @param rentals rentals with open debt
 */
public record Debtor(@JsonProperty("user_id") String userId, long debt, long rentals) {}
