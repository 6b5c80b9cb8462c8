package com.powerbank.stubs.stations;

/**
 * A station as {@code GET /admin/state} shows it: {@code {"tariff_id","available_powerbanks"}}.
 *
 * @param tariffId tariff id
 * @param availablePowerbanks banks docked right now (count)
 */
public record StationSummary(String tariffId, int availablePowerbanks) {}
