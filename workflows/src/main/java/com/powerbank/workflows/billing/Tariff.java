package com.powerbank.workflows.billing;

/**
 * Prices frozen in a quote (SPEC §4, §5).
 *
 * @param pricePerHour price per hour of rental, whole currency units, {@code >= 0}
 * @param freePeriodMin grace window in minutes: nothing is due while {@code t <= 60 *
 *     freePeriodMin}
 * @param deposit amount held on the user's card for the whole rental, whole currency units
 */
public record Tariff(long pricePerHour, long freePeriodMin, long deposit) {

  /**
   * @throws IllegalArgumentException when a value is negative
   */
  public Tariff {
    if (pricePerHour < 0 || freePeriodMin < 0 || deposit < 0) {
      throw new IllegalArgumentException("tariff values must not be negative");
    }
  }

  /**
   * Whether a rental on this tariff makes sense (issue 6): values not negative, and not both price
   * and deposit 0 (a powerbank handed out for nothing, with nothing held).
   */
  public static boolean isSensible(long pricePerHour, long freePeriodMin, long deposit) {
    return pricePerHour >= 0
        && freePeriodMin >= 0
        && deposit >= 0
        && (pricePerHour > 0 || deposit > 0);
  }
}
