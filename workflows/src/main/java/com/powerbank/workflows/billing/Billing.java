package com.powerbank.workflows.billing;

/**
 * The money rules of SPEC §5, pure and deterministic: no I/O, no clock. Time is always the number
 * of whole seconds since {@code started_at} (the moment the eject succeeded).
 */
public final class Billing {

  private Billing() {}

  /**
   * What the user owes in total after {@code elapsedSec} seconds of rental (SPEC §5):
   *
   * <pre>
   *   due(t) = 0                       if t &lt;= 60*F
   *   due(t) = ceil(P * t / 3600)      otherwise, never more than R_BUYOUT
   * </pre>
   *
   * @param terms the rental's tariff and buyout price
   * @param elapsedSec whole seconds since the rental started; negative counts as 0
   * @return the total due, whole currency units, in {@code [0, R_BUYOUT]}
   */
  public static long due(RentalTerms terms, long elapsedSec) {
    Tariff tariff = terms.tariff();
    if (elapsedSec <= 60 * tariff.freePeriodMin()) {
      return 0;
    }
    long price = tariff.pricePerHour();
    if (price > 0 && elapsedSec > Long.MAX_VALUE / price) {
      return terms.buyoutPrice(); // P * t overflows a long: far beyond any buyout price
    }
    return Math.min(ceilDiv(price * elapsedSec, 3600), terms.buyoutPrice());
  }

  /**
   * What the next charge should take so that {@code paid + debt == due} again.
   *
   * @return {@code due - paid - debt} when positive, otherwise 0 (whole currency units)
   */
  public static long outstanding(long due, long paid, long debt) {
    return Math.max(0, due - paid - debt);
  }

  /**
   * True once paid plus debt has reached {@code R_BUYOUT}: the rental ends as a buyout (SPEC §5).
   */
  public static boolean reachedBuyout(RentalTerms terms, long paid, long debt) {
    return paid + debt >= terms.buyoutPrice();
  }

  /** {@code duration_minutes} of SPEC §5: whole minutes elapsed, rounded down. */
  public static long durationMinutes(long elapsedSec) {
    return Math.max(0, elapsedSec) / 60;
  }

  private static long ceilDiv(long a, long b) {
    return Math.ceilDiv(a, b);
  }
}
