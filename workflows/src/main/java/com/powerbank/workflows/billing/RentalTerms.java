package com.powerbank.workflows.billing;

import java.time.Duration;

/**
 * Everything a rental is billed by, fixed when it starts: the quote's tariff plus the configs read
 * at start (SPEC §5: "a rental keeps the values it started with").
 *
 * @param tariff prices frozen in the quote
 * @param buyoutPrice {@code R_BUYOUT}: when paid plus debt reaches it the powerbank is the user's,
 *     whole currency units
 * @param billingTickSec {@code BILLING_TICK_SEC}: seconds between billing ticks, {@code > 0}
 * @param debtChargeStep {@code DEBT_CHARGE_STEP}: the largest chunk of debt one collection attempt
 *     charges, whole currency units, {@code > 0}
 * @param maxRentalHours {@code R_MAX_RENTAL_HOURS}: after this many hours out the rental ends as a
 *     buyout at {@code R_BUYOUT}, as commercial networks do (issue 6: a rental must end, even at a
 *     price of 0); {@code <= 0} (absent in rentals started before the rule) means {@link
 *     #DEFAULT_MAX_RENTAL_HOURS}
 */
public record RentalTerms(
    Tariff tariff,
    long buyoutPrice,
    long billingTickSec,
    long debtChargeStep,
    long maxRentalHours) {

  /** Defaults of SPEC §3 {@code /configs}. */
  public static final long DEFAULT_BUYOUT_PRICE = 5000;

  public static final long DEFAULT_BILLING_TICK_SEC = 30;
  public static final long DEFAULT_DEBT_CHARGE_STEP = 100;

  /** Hours after which a rental becomes a purchase (ChargeSPOT: 120 h; Naki: 5 days). */
  public static final long DEFAULT_MAX_RENTAL_HOURS = 120;

  /**
   * @throws IllegalArgumentException when the tick or debt step is not positive or the buyout price
   *     is negative
   */
  public RentalTerms {
    if (tariff == null) {
      throw new IllegalArgumentException("tariff is required");
    }
    if (buyoutPrice < 0 || billingTickSec <= 0 || debtChargeStep <= 0) {
      throw new IllegalArgumentException(
          "R_BUYOUT must be >= 0, BILLING_TICK_SEC and DEBT_CHARGE_STEP > 0");
    }
  }

  /** Terms with the default {@link #DEFAULT_MAX_RENTAL_HOURS}. */
  public RentalTerms(Tariff tariff, long buyoutPrice, long billingTickSec, long debtChargeStep) {
    this(tariff, buyoutPrice, billingTickSec, debtChargeStep, DEFAULT_MAX_RENTAL_HOURS);
  }

  /** How long the powerbank may stay out before the rental ends as a buyout. */
  public Duration maxRentalDuration() {
    return Duration.ofHours(maxRentalHours > 0 ? maxRentalHours : DEFAULT_MAX_RENTAL_HOURS);
  }

  /** The billing period as a {@link Duration}. */
  public Duration billingTick() {
    return Duration.ofSeconds(billingTickSec);
  }
}
