package com.powerbank.workflows.billing;

/**
 * How a quote's prices are derived from the station's tariff (SPEC §4 quote): the hourly price is
 * raised by {@code last_banks_increase} when the station has at most one bank left (rounded up),
 * and the deposit is halved for trusted users.
 */
public final class QuotePricing {

  private QuotePricing() {}

  /**
   * @param basePricePerHour the tariff's price per hour, whole currency units
   * @param availablePowerbanks banks left at the station
   * @param lastBanksIncrease the {@code price_coeff_settings.last_banks_increase} coefficient
   *     (&gt;= 0)
   * @return the hourly price the quote freezes, whole currency units (at most {@code
   *     Long.MAX_VALUE})
   */
  public static long pricePerHour(
      long basePricePerHour, long availablePowerbanks, double lastBanksIncrease) {
    if (availablePowerbanks > 1) {
      return basePricePerHour;
    }
    // BigDecimal avoids 60 * 1.1 = 66.00000000000001 rounding up to 67.
    return new java.math.BigDecimal(basePricePerHour)
        .multiply(java.math.BigDecimal.valueOf(lastBanksIncrease))
        .setScale(0, java.math.RoundingMode.CEILING)
        .min(java.math.BigDecimal.valueOf(Long.MAX_VALUE))
        .longValueExact();
  }

  /**
   * @param tariffDeposit the tariff's deposit, whole currency units
   * @param trusted whether the user profile says {@code trusted}
   * @return the deposit to hold: halved (rounded up) for trusted users
   */
  public static long deposit(long tariffDeposit, boolean trusted) {
    return trusted ? Math.ceilDiv(tariffDeposit, 2) : tariffDeposit;
  }
}
