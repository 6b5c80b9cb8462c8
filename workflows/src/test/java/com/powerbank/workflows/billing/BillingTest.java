package com.powerbank.workflows.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The money rules of SPEC §5 as test vectors at P=60, F=5 unless stated. */
class BillingTest {

  private static final RentalTerms TERMS = new RentalTerms(new Tariff(60, 5, 500), 5000, 30, 100);

  @ParameterizedTest(name = "{0} s -> {1}")
  @CsvSource({
    "0, 0",
    "299, 0", // 4 min 59 s: inside the free period
    "300, 0", // exactly 5 min: still free (t <= 60*F)
    "301, 6", // 5 min 1 s: ceil(60 * 301 / 3600) = ceil(5.0166) = 6
    "2700, 45", // 45 min -> 45 (seed's worked example)
    "5400, 90", // 90 min -> 90
    "3601, 61"
  })
  void dueFollowsTheGraceWindowAndRoundsUp(long elapsedSec, long expected) {
    assertThat(Billing.due(TERMS, elapsedSec)).isEqualTo(expected);
  }

  @Test
  void dueNeverExceedsTheBuyoutPrice() {
    assertThat(Billing.due(TERMS, Duration.ofDays(30).toSeconds())).isEqualTo(5000);
    RentalTerms lowBuyout = new RentalTerms(new Tariff(3600, 0, 100), 10, 30, 100);
    assertThat(Billing.due(lowBuyout, 9)).isEqualTo(9);
    assertThat(Billing.due(lowBuyout, 10)).isEqualTo(10);
    assertThat(Billing.due(lowBuyout, 11)).isEqualTo(10);
  }

  @Test
  void anAbsurdPriceSaturatesAtTheBuyoutPriceInsteadOfOverflowing() {
    RentalTerms absurd = new RentalTerms(new Tariff(Long.MAX_VALUE, 0, 100), 5000, 30, 100);
    assertThat(Billing.due(absurd, 1)).isEqualTo(5000);
    assertThat(Billing.due(absurd, Duration.ofDays(30).toSeconds())).isEqualTo(5000);
    assertThat(QuotePricing.pricePerHour(Long.MAX_VALUE, 1, 1.5)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void zeroFreePeriodBillsFromTheFirstSecond() {
    RentalTerms fast = new RentalTerms(new Tariff(3600, 0, 100), 5000, 30, 100);
    assertThat(Billing.due(fast, 0)).isZero();
    assertThat(Billing.due(fast, 1)).isEqualTo(1);
    assertThat(Billing.due(fast, 30)).isEqualTo(30);
  }

  @Test
  void outstandingIsWhatBringsPaidPlusDebtBackToDue() {
    assertThat(Billing.outstanding(90, 60, 10)).isEqualTo(20);
    assertThat(Billing.outstanding(90, 90, 0)).isZero();
    assertThat(Billing.outstanding(90, 80, 20)).isZero();
  }

  @Test
  void buyoutIsReachedByPaidPlusDebt() {
    assertThat(Billing.reachedBuyout(TERMS, 4000, 999)).isFalse();
    assertThat(Billing.reachedBuyout(TERMS, 4000, 1000)).isTrue();
  }

  @Test
  void dueTakesOnlyTheTariffAndTheBuyoutPrice() {
    assertThat(Billing.due(new Tariff(60, 5, 0), 5000, 2700)).isEqualTo(45);
    assertThat(Billing.due(new Tariff(60, 5, 0), 40, 2700)).isEqualTo(40);
  }

  @Test
  void aBuyoutTotalsExactlyTheBuyoutPriceEvenWhenLessIsDue() {
    // P=1: after the 120-hour maximum only 120 is due, yet the buyout total is R_BUYOUT
    RentalTerms cheap = new RentalTerms(new Tariff(1, 0, 100), 5000, 30, 100);
    assertThat(Billing.due(cheap, Duration.ofHours(120).toSeconds())).isEqualTo(120);
    assertThat(Billing.buyoutTotal(cheap)).isEqualTo(5000);
    assertThat(Billing.buyoutTotal(TERMS)).isEqualTo(5000);
  }

  @ParameterizedTest(name = "{0} to {1} ms -> {2} s")
  @CsvSource({"1000, 0, 0", "1000, 1999, 0", "1000, 2000, 1", "1000, 91000, 90", "1000, 500, 0"})
  void elapsedIsWholeSecondsRoundedDownNeverNegative(long startMs, long atMs, long seconds) {
    assertThat(Billing.elapsedSec(startMs, atMs)).isEqualTo(seconds);
  }

  @Test
  void durationBetweenTwoMomentsIsZeroWhileEitherIsUnknown() {
    assertThat(Billing.durationMinutes(1_000L, 5_401_000L)).isEqualTo(90);
    assertThat(Billing.durationMinutes(null, 5_401_000L)).isZero();
    assertThat(Billing.durationMinutes(1_000L, null)).isZero();
  }

  @ParameterizedTest(name = "{0} s -> {1} min")
  @CsvSource({"0, 0", "59, 0", "60, 1", "5399, 89", "5400, 90"})
  void durationIsWholeMinutesRoundedDown(long elapsedSec, long minutes) {
    assertThat(Billing.durationMinutes(elapsedSec)).isEqualTo(minutes);
  }

  @Test
  void lastBankRaisesThePriceRoundedUp() {
    assertThat(QuotePricing.pricePerHour(60, 1, 1.5)).isEqualTo(90);
    assertThat(QuotePricing.pricePerHour(60, 0, 1.5)).isEqualTo(90);
    assertThat(QuotePricing.pricePerHour(60, 2, 1.5)).isEqualTo(60);
    assertThat(QuotePricing.pricePerHour(61, 1, 1.5)).isEqualTo(92); // 91.5 rounded up
    assertThat(QuotePricing.pricePerHour(60, 1, 1.1)).isEqualTo(66); // no float noise
  }

  @Test
  void trustedUsersHoldHalfTheDeposit() {
    assertThat(QuotePricing.deposit(500, true)).isEqualTo(250);
    assertThat(QuotePricing.deposit(500, false)).isEqualTo(500);
    assertThat(QuotePricing.deposit(101, true)).isEqualTo(51);
  }

  @Test
  void debtBackoffStartsAtAMinuteDoublesAndCapsAtAnHour() {
    assertThat(DebtBackoff.delayAfter(0)).isEqualTo(Duration.ofSeconds(60));
    assertThat(DebtBackoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(120));
    assertThat(DebtBackoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(240));
    assertThat(DebtBackoff.delayAfter(5)).isEqualTo(Duration.ofMinutes(32));
    assertThat(DebtBackoff.delayAfter(6)).isEqualTo(Duration.ofHours(1));
    assertThat(DebtBackoff.delayAfter(40)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void termsRejectNonsense() {
    assertThatThrownBy(() -> new Tariff(-1, 5, 500)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RentalTerms(new Tariff(60, 5, 500), 5000, 0, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
