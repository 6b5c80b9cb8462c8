package com.powerbank.stubs.stations;

import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /eject-powerbank}: {@code {"station_id":"S"}}.
 *
 * @param stationId station to eject from
 */
public record EjectRequest(@NotBlank String stationId) {}
