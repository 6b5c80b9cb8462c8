package com.powerbank.api.external;

/**
 * The answer of {@code GET /tariff?id=T} (SPEC §3). Money in whole currency units.
 *
 * @param pricePerHour base price per hour
 * @param freePeriodMin grace minutes
 * @param deposit deposit held at start
 */
public record TariffData(String id, long pricePerHour, long freePeriodMin, long deposit) {}
