package com.powerbank.activities.stations;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Request body of {@code POST /return-powerbank} (SPEC §3): {@code {"station_id","powerbank_id"}}.
 */
record ReturnOrder(
    @JsonProperty("station_id") String stationId,
    @JsonProperty("powerbank_id") String powerbankId) {}
