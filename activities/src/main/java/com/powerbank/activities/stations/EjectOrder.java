package com.powerbank.activities.stations;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request body of {@code POST /eject-powerbank} (SPEC §3): {@code {"station_id"}}. */
record EjectOrder(@JsonProperty("station_id") String stationId) {}
