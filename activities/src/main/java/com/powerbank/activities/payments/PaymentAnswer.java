package com.powerbank.activities.payments;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;

/**
 * Reply body of every payments call (SPEC §3): {@code {"status":"success"}}, with {@code captured}
 * or {@code released} for those calls, or {@code {"status":"error","message":"Insufficient
 * funds"}}.
 */
record PaymentAnswer(
    @JsonProperty("status") @Nullable String status,
    @JsonProperty("message") @Nullable String message,
    @JsonProperty("captured") @Nullable Long captured,
    @JsonProperty("released") @Nullable Long released) {}
