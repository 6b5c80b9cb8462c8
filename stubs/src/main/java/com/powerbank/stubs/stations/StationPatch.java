package com.powerbank.stubs.stations;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code PUT /admin/stations/{id}}: {@code
 * {"tariff_id","available_powerbanks","location"}}, each optional. A new station defaults to {@code
 * tariff-1}, 0 banks, the default location.
 *
 * @param tariffId tariff id (not checked: a station may point at a missing tariff on purpose)
 * @param availablePowerbanks new inventory count
 * @param location new location
 */
public record StationPatch(
    String tariffId, @PositiveOrZero Integer availablePowerbanks, @Valid Location location) {}
