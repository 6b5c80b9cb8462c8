package com.powerbank.workflows.billing;

/**
 * The money rules of SPEC §5, pure and deterministic: no I/O, no clock. Time is always the number
 * of whole seconds since {@code started_at} (the moment the eject succeeded).
 */
public final class Billing {

  private Billing() {}

  /**
   * What the user owes in total after {@code elapsedSec} seconds of rental (SPEC §5), with the
   * rental's own tariff and buyout price; see {@link #due(Tariff, long, long)}.
   */
  public static long due(RentalTerms terms, long elapsedSec) {
    return due(terms.tariff(), terms.buyoutPrice(), elapsedSec);
  }

  /**
   * What the user owes in total after {@code elapsedSec} seconds of rental (SPEC §5):
   *
   * <pre>
   *   due(t) = 0                       if t &lt;= 60*F
   *   due(t) = ceil(P * t / 3600)      otherwise, never more than R_BUYOUT
   * </pre>
   *
   * @param tariff the price per hour {@code P} and free period {@code F} (the deposit is unused)
   * @param buyoutPrice {@code R_BUYOUT}, whole currency units
   * @param elapsedSec whole seconds since the rental started; negative counts as 0
   * @return the total due, whole currency units, in {@code [0, R_BUYOUT]}
   */
  public static long due(Tariff tariff, long buyoutPrice, long elapsedSec) {
    if (elapsedSec <= 60 * tariff.freePeriodMin()) {
      return 0;
    }
    long price = tariff.pricePerHour();
    if (price > 0 && elapsedSec > Long.MAX_VALUE / price) {
      return buyoutPrice; // P * t overflows a long: far beyond any buyout price
    }
    return Math.min(ceilDiv(price * elapsedSec, 3600), buyoutPrice);
  }

  /**
   * The total of a rental that ends as a buyout (SPEC §5), whether paid plus debt reached {@code
   * R_BUYOUT} or the maximum rental time passed: exactly {@code R_BUYOUT}, whatever {@link #due}
   * says at that moment (it is lower when the maximum time ends a cheap rental).
   */
  public static long buyoutTotal(RentalTerms terms) {
    return terms.buyoutPrice();
  }

  /**
   * Whole seconds of rental from {@code startedAtMillis} to {@code atMillis} (epoch ms), rounded
   * down; never negative. The one place the workflow and the API turn two moments into {@code t}.
   */
  public static long elapsedSec(long startedAtMillis, long atMillis) {
    return Math.max(0, atMillis - startedAtMillis) / 1000;
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

  /**
   * {@code duration_minutes} from {@code startedAtMillis} to {@code endedAtMillis} (epoch ms): 0
   * while either is unknown (a rental that never started, or has no end yet).
   */
  public static long durationMinutes(Long startedAtMillis, Long endedAtMillis) {
    return startedAtMillis == null || endedAtMillis == null
        ? 0
        : durationMinutes(elapsedSec(startedAtMillis, endedAtMillis));
  }

  private static long ceilDiv(long a, long b) {
    return Math.ceilDiv(a, b);
  }
}
