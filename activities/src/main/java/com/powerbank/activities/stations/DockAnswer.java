package com.powerbank.activities.stations;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;

/**
 * Reply body of the station calls (SPEC §3): {@code {"success":true,"powerbank_id":"pb-001"}},
 * {@code {"success":false}} when the station is empty, {@code {"success":true}} for a return.
 */
record DockAnswer(
    @JsonProperty("success") @Nullable Boolean success,
    @JsonProperty("powerbank_id") @Nullable String powerbankId) {}
