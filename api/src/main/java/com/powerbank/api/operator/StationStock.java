package com.powerbank.api.operator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One station's inventory.
 *
 * @param stationId the station
 * @param tariffId its tariff
 * @param availablePowerbanks banks docked now
 */
public record StationStock(
    @JsonProperty("station_id") String stationId,
    @JsonProperty("tariff_id") String tariffId,
    @JsonProperty("available_powerbanks") int availablePowerbanks) {}
