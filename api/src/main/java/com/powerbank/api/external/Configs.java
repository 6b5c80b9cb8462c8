package com.powerbank.api.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.workflows.billing.RentalTerms;

/**
 * The answer of {@code GET /configs} (SPEC §3). A key the answer lacks takes its SPEC default.
 *
 * @param buyoutPrice {@code R_BUYOUT}, whole currency units
 * @param billingTickSec {@code BILLING_TICK_SEC}, seconds
 * @param debtChargeStep {@code DEBT_CHARGE_STEP}, whole currency units
 * @param quoteTtlSec {@code QUOTE_TTL_SEC}, seconds a quote stays usable
 * @param lastBanksIncrease {@code price_coeff_settings.last_banks_increase}, a price multiplier
 * @param maxRentalHours {@code R_MAX_RENTAL_HOURS} (our extension, default {@value
 *     RentalTerms#DEFAULT_MAX_RENTAL_HOURS}): hours after which a rental ends as a buyout
 */
public record Configs(
    long buyoutPrice,
    long billingTickSec,
    long debtChargeStep,
    long quoteTtlSec,
    double lastBanksIncrease,
    long maxRentalHours) {

  /** SPEC §3 seeded value of {@code QUOTE_TTL_SEC}. */
  public static final long DEFAULT_QUOTE_TTL_SEC = 60;

  /** SPEC §3 seeded value of {@code last_banks_increase}. */
  public static final double DEFAULT_LAST_BANKS_INCREASE = 1.5;

  /**
   * Reads the configs document.
   *
   * @throws IllegalArgumentException when a value is of the wrong kind or out of range (then the
   *     answer is not "good" and the last good one is used instead)
   */
  public static Configs parse(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("configs must be a JSON object");
    }
    long buyout = whole(doc, "R_BUYOUT", RentalTerms.DEFAULT_BUYOUT_PRICE, 0);
    long tick = whole(doc, "BILLING_TICK_SEC", RentalTerms.DEFAULT_BILLING_TICK_SEC, 1);
    long step = whole(doc, "DEBT_CHARGE_STEP", RentalTerms.DEFAULT_DEBT_CHARGE_STEP, 1);
    long ttl = whole(doc, "QUOTE_TTL_SEC", DEFAULT_QUOTE_TTL_SEC, 1);
    double increase = DEFAULT_LAST_BANKS_INCREASE;
    JsonNode coeffs = doc.get("price_coeff_settings");
    if (coeffs != null && coeffs.has("last_banks_increase")) {
      JsonNode v = coeffs.get("last_banks_increase");
      if (!v.isNumber() || v.asDouble() <= 0) {
        throw new IllegalArgumentException("last_banks_increase must be a positive number");
      }
      increase = v.asDouble();
    }
    long maxHours = whole(doc, "R_MAX_RENTAL_HOURS", RentalTerms.DEFAULT_MAX_RENTAL_HOURS, 1);
    return new Configs(buyout, tick, step, ttl, increase, maxHours);
  }

  private static long whole(JsonNode doc, String key, long fallback, long min) {
    JsonNode v = doc.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || v.asLong() < min) {
      throw new IllegalArgumentException(key + " must be a whole number >= " + min);
    }
    return v.asLong();
  }
}
