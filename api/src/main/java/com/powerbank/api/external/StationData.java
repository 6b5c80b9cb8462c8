package com.powerbank.api.external;

/**
 * The answer of {@code GET /station-data?id=S} (SPEC §3), as far as the API needs it.
 *
 * @param id station id
 * @param tariffId the tariff that prices rentals started here
 * @param availablePowerbanks banks docked right now
 */
public record StationData(String id, String tariffId, long availablePowerbanks) {}
