package com.powerbank.activities.metrics;

import com.powerbank.readmodel.LedgerChange;
import com.powerbank.readmodel.RentalWrite;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.rental.RentalFailures;
import com.powerbank.workflows.rental.RentalStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The rental network's business metrics (issue 9), counted by the worker where the outcomes are
 * written: the read-model write ({@code RentalStoreActivitiesImpl}) tells each status change and
 * each ledger row once, however often a retried snapshot repeats them. Money is in whole currency
 * units (RUB, SPEC §4), the base unit {@value #CURRENCY}; Prometheus names (Micrometer's naming
 * convention adds the unit and {@code _total}):
 *
 * <ul>
 *   <li>{@code powerbank_rentals_started_total}: rentals that became ACTIVE
 *   <li>{@code powerbank_rentals_finished_total}, {@code powerbank_rentals_bought_out_total}
 *   <li>{@code powerbank_rentals_failed_total{reason}}: never started, by failure code
 *   <li>{@code powerbank_money_charged_rub_total{kind="charge"|"final_charge"}}
 *   <li>{@code powerbank_money_declined_rub_total{kind}}: asked and declined (hold, tick, final
 *       charge, debt collection)
 *   <li>{@code powerbank_money_held_rub_total}, {@code powerbank_money_captured_rub_total}, {@code
 *       powerbank_money_released_rub_total}, {@code powerbank_money_refunded_rub_total}
 *   <li>{@code powerbank_debt_collected_rub_total}
 *   <li>{@code powerbank_tick_lag_seconds} (histogram): when a tick was charged minus when it was
 *       due ({@code started_at + n * BILLING_TICK_SEC})
 * </ul>
 *
 * The gauges (open rentals, open debt) are {@link ReadModelGauges}. Every series with a fixed tag
 * set is registered at start, at 0, so dashboards and alerts see it before the first event.
 */
@Component
public class RentalMetrics {

  /** Base unit of the money meters: whole rubles. */
  public static final String CURRENCY = "rub";

  private static final String MONEY_CHARGED = "powerbank.money.charged";
  private static final String MONEY_DECLINED = "powerbank.money.declined";
  private static final String RENTALS_FAILED = "powerbank.rentals.failed";

  private final MeterRegistry registry;
  private final Counter started;
  private final Counter finished;
  private final Counter boughtOut;
  private final Counter held;
  private final Counter captured;
  private final Counter released;
  private final Counter refunded;
  private final Counter debtCollected;
  private final Timer tickLag;

  /**
   * @param registries the application's registry (Spring Boot's Prometheus one in the worker); a
   *     private simple registry when there is none
   */
  public RentalMetrics(ObjectProvider<MeterRegistry> registries) {
    this.registry = registries.getIfAvailable(SimpleMeterRegistry::new);
    started = counter("powerbank.rentals.started", "Rentals that became ACTIVE");
    finished = counter("powerbank.rentals.finished", "Rentals returned and settled");
    boughtOut = counter("powerbank.rentals.bought.out", "Rentals that ended as a buyout");
    held = money("powerbank.money.held", "Deposit holds taken");
    captured = money("powerbank.money.captured", "Open debt taken from deposit holds");
    released = money("powerbank.money.released", "Deposit hold money given back");
    refunded = money("powerbank.money.refunded", "Money refunded at stop");
    debtCollected = money("powerbank.debt.collected", "Debt collected by collection charges");
    tickLag =
        Timer.builder("powerbank.tick.lag")
            .description("When a billing tick was charged minus when it was due")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    for (PaymentKind kind : new PaymentKind[] {PaymentKind.CHARGE, PaymentKind.FINAL_CHARGE}) {
      charged(kind);
    }
    for (PaymentKind kind :
        new PaymentKind[] {
          PaymentKind.HOLD,
          PaymentKind.CHARGE,
          PaymentKind.FINAL_CHARGE,
          PaymentKind.DEBT_COLLECTION
        }) {
      declined(kind);
    }
    for (String reason :
        new String[] {
          RentalFailures.DEPOSIT_DECLINED,
          RentalFailures.EJECT_FAILED,
          RentalFailures.PAYMENTS_UNAVAILABLE
        }) {
      failed(reason);
    }
  }

  /**
   * Counts the status change a read-model write made, if any: a rental counts once as started
   * (PENDING or nothing to ACTIVE) and once as ended (to FINISHED, BUYOUT or FAILED by its failure
   * code).
   *
   * @param write what the write did
   * @param status the status written
   * @param failureCode the failure code written (for FAILED), or null
   */
  public void statusWritten(RentalWrite write, RentalStatus status, String failureCode) {
    if (!write.changedTo(status)) {
      return;
    }
    switch (status) {
      case ACTIVE -> started.increment();
      case FINISHED -> finished.increment();
      case BUYOUT -> boughtOut.increment();
      case FAILED -> failed(failureCode == null ? "UNKNOWN" : failureCode).increment();
      case PENDING -> {}
    }
  }

  /**
   * Counts the money of one ledger entry once: a success when its row was written (a successful row
   * is never written twice), a decline when its row first became that decline.
   *
   * @param entry the entry written
   * @param change what the write changed
   */
  public void ledgerWritten(LedgerEntry entry, LedgerChange change) {
    if (!change.written()) {
      return;
    }
    if (entry.success()) {
      moved(entry.kind()).increment(entry.amount());
    } else if (isDecline(entry.error()) && (change.inserted() || !isDecline(change.priorError()))) {
      declined(entry.kind()).increment(entry.amount());
    }
  }

  /**
   * Records one billing tick's lag.
   *
   * @param lag charged minus due; negative values are not recorded
   */
  public void tickCharged(Duration lag) {
    if (!lag.isNegative()) {
      tickLag.record(lag);
    }
  }

  /** A failed entry is a decline unless its outcome is unknown (retried with the same key). */
  private static boolean isDecline(String error) {
    return error != null
        && !LedgerEntry.UNKNOWN_OUTCOME.equals(error)
        && !error.startsWith("transient");
  }

  private Counter moved(PaymentKind kind) {
    return switch (kind) {
      case HOLD -> held;
      case CHARGE, FINAL_CHARGE -> charged(kind);
      case DEBT_COLLECTION -> debtCollected;
      case CAPTURE -> captured;
      case RELEASE -> released;
      case REFUND -> refunded;
    };
  }

  private Counter charged(PaymentKind kind) {
    return moneyOfKind(MONEY_CHARGED, "Money charged for rental time", kind);
  }

  private Counter declined(PaymentKind kind) {
    return moneyOfKind(MONEY_DECLINED, "Money asked for and declined by payments", kind);
  }

  private Counter moneyOfKind(String name, String description, PaymentKind kind) {
    return Counter.builder(name)
        .description(description)
        .baseUnit(CURRENCY)
        .tag("kind", tagValue(kind))
        .register(registry);
  }

  private Counter failed(String reason) {
    return Counter.builder(RENTALS_FAILED)
        .description("Rentals that never started, by failure code")
        .tag("reason", reason)
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private Counter money(String name, String description) {
    return Counter.builder(name).description(description).baseUnit(CURRENCY).register(registry);
  }

  private static String tagValue(PaymentKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
