package com.powerbank.stubs.stations;

import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /return-powerbank}: {@code {"station_id","powerbank_id"}}.
 *
 * @param stationId station the bank is docked into
 * @param powerbankId the bank's id, as eject gave it
 */
public record ReturnRequest(@NotBlank String stationId, @NotBlank String powerbankId) {}
