package com.powerbank.stubs.tariffs;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code PUT /admin/tariffs/{id}}: any subset of the tariff fields; absent fields keep
 * their current value (or, for a new tariff, the value of the seeded {@code tariff-1}).
 *
 * @param id optional; must equal the path id when given
 * @param pricePerHour whole currency units per hour
 * @param freePeriodMin minutes
 * @param deposit whole currency units
 */
public record TariffPatch(
    String id,
    @PositiveOrZero Long pricePerHour,
    @PositiveOrZero Long freePeriodMin,
    @PositiveOrZero Long deposit) {}
