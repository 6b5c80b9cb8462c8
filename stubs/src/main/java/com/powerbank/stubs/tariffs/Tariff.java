package com.powerbank.stubs.tariffs;

/**
 * A tariff as {@code GET /tariff} serves it: {@code
 * {"id","price_per_hour","free_period_min","deposit"}}.
 *
 * @param id tariff id, e.g. {@code tariff-1}
 * @param pricePerHour price of one hour, whole currency units
 * @param freePeriodMin grace window in minutes during which nothing is due
 * @param deposit amount held when a rental starts, whole currency units
 */
public record Tariff(String id, long pricePerHour, long freePeriodMin, long deposit) {}
