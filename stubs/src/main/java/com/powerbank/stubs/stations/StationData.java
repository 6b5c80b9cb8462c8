package com.powerbank.stubs.stations;

/**
 * The answer of {@code GET /station-data}: {@code
 * {"id":"S","tariff_id":"tariff-1","location":{"lat":55.7558,"lon":37.6173},"available_powerbanks":5}}.
 *
 * @param id station id
 * @param tariffId id of the tariff that prices rentals started here
 * @param location where the station stands
 * @param availablePowerbanks banks docked right now (count)
 */
public record StationData(String id, String tariffId, Location location, int availablePowerbanks) {}
