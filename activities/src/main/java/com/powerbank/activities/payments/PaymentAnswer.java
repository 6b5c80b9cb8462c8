package com.powerbank.activities.payments;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;

/**
 * Reply body of every payments call (SPEC §3): {@code {"status":"success"}}, with {@code captured}
 * , {@code released} or {@code refunded} for those calls, or {@code
 * {"status":"error","message":"Insufficient funds"}}.
 */
record PaymentAnswer(
    @JsonProperty("status") @Nullable String status,
    @JsonProperty("message") @Nullable String message,
    @JsonProperty("captured") @Nullable Long captured,
    @JsonProperty("released") @Nullable Long released,
    @JsonProperty("refunded") @Nullable Long refunded) {}
