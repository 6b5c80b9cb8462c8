package com.powerbank.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import com.powerbank.workflows.rental.RentalFailures;
import com.powerbank.workflows.rental.RentalStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The business metrics count what the read-model write changed, exactly once, however often the
 * workflow repeats a snapshot (a retried local activity, or entries carried into later snapshots).
 */
class RentalMetricsTest extends ActivitiesIntegrationTest {

  private static final long STARTED = 1_767_000_000_000L;

  @Autowired RentalStoreActivities store;
  @Autowired MeterRegistry registry;

  private final String rentalId = newRentalId();
  private String quoteId;

  @BeforeEach
  void quote() {
    quoteId = insertQuote("user-1", "station-1");
    jdbc.sql("UPDATE quotes SET billing_tick_sec = 30 WHERE quote_id = :q::uuid")
        .param("q", quoteId)
        .update();
  }

  @Test
  void aRentalsLifeIsCountedOnceEvenWhenEverySnapshotIsWrittenTwice() {
    double started = count("powerbank.rentals.started");
    double finished = count("powerbank.rentals.finished");
    double charged = money("powerbank.money.charged", "charge");
    double finalCharged = money("powerbank.money.charged", "final_charge");
    double declined = money("powerbank.money.declined", "charge");
    double held = count("powerbank.money.held");
    double released = count("powerbank.money.released");
    long lags = lagCount();

    List<RentalSnapshot> life =
        List.of(
            snapshot(RentalStatus.PENDING, 1, null),
            snapshot(RentalStatus.ACTIVE, 2, null, ok(PaymentKind.HOLD, "hold", 500)),
            snapshot(
                RentalStatus.ACTIVE,
                (STARTED + 30_200) * TickLag.VERSIONS_PER_MILLI,
                null,
                ok(PaymentKind.CHARGE, "1", 30)),
            snapshot(
                RentalStatus.ACTIVE,
                (STARTED + 60_100) * TickLag.VERSIONS_PER_MILLI,
                null,
                new LedgerEntry(key("2"), PaymentKind.CHARGE, 30, false, LedgerEntry.DECLINED)),
            snapshot(
                RentalStatus.FINISHED,
                (STARTED + 70_000) * TickLag.VERSIONS_PER_MILLI,
                null,
                ok(PaymentKind.FINAL_CHARGE, "final", 10),
                ok(PaymentKind.RELEASE, "release", 460)));
    for (RentalSnapshot s : life) {
      store.saveSnapshot(s);
      store.saveSnapshot(s);
    }

    assertThat(count("powerbank.rentals.started") - started).isEqualTo(1);
    assertThat(count("powerbank.rentals.finished") - finished).isEqualTo(1);
    assertThat(money("powerbank.money.charged", "charge") - charged).isEqualTo(30);
    assertThat(money("powerbank.money.charged", "final_charge") - finalCharged).isEqualTo(10);
    assertThat(money("powerbank.money.declined", "charge") - declined).isEqualTo(30);
    assertThat(count("powerbank.money.held") - held).isEqualTo(500);
    assertThat(count("powerbank.money.released") - released).isEqualTo(460);
    Timer lag = registry.get("powerbank.tick.lag").timer();
    // ticks 1 and 2 (charged, declined) each once: 200 ms and 100 ms late
    assertThat(lag.count() - lags).isEqualTo(2);
    assertThat(lag.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
  }

  @Test
  void anUnknownOutcomeThatTurnsIntoASuccessCountsTheMoneyOnce() {
    double collected = count("powerbank.debt.collected");
    double declined = money("powerbank.money.declined", "debt_collection");
    LedgerEntry unknown =
        new LedgerEntry(
            key("debt:1"), PaymentKind.DEBT_COLLECTION, 100, false, LedgerEntry.UNKNOWN_OUTCOME);

    store.saveSnapshot(snapshot(RentalStatus.ACTIVE, 1, null, unknown));
    store.saveSnapshot(snapshot(RentalStatus.ACTIVE, 2, null, unknown));
    store.saveSnapshot(
        snapshot(RentalStatus.ACTIVE, 3, null, ok(PaymentKind.DEBT_COLLECTION, "debt:1", 100)));
    store.saveSnapshot(
        snapshot(RentalStatus.ACTIVE, 4, null, ok(PaymentKind.DEBT_COLLECTION, "debt:1", 100)));

    assertThat(count("powerbank.debt.collected") - collected).isEqualTo(100);
    assertThat(money("powerbank.money.declined", "debt_collection") - declined).isZero();
  }

  @Test
  void aFailedStartIsCountedByItsReason() {
    double failed = failed(RentalFailures.EJECT_FAILED);

    store.saveSnapshot(snapshot(RentalStatus.PENDING, 1, null));
    store.saveSnapshot(snapshot(RentalStatus.FAILED, 2, RentalFailures.EJECT_FAILED));
    store.saveSnapshot(snapshot(RentalStatus.FAILED, 2, RentalFailures.EJECT_FAILED));
    store.saveSnapshot(snapshot(RentalStatus.FAILED, 3, RentalFailures.EJECT_FAILED));

    assertThat(failed(RentalFailures.EJECT_FAILED) - failed).isEqualTo(1);
  }

  @Test
  void gaugesShowTheOpenRentalsAndDebtOfTheReadModel() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    new ReadModelGauges(jdbc, own, Duration.ZERO, Clock.systemUTC());
    String other = newRentalId();
    store.saveSnapshot(snapshot(RentalStatus.ACTIVE, 1, null));
    store.saveSnapshot(
        new RentalSnapshot(
            other,
            insertQuote("user-2", "station-1"),
            "user-2",
            "station-1",
            null,
            "pb-2",
            RentalStatus.FINISHED,
            null,
            60,
            0,
            500,
            5000,
            STARTED,
            STARTED + 1000,
            0,
            150,
            150,
            1,
            STARTED + 60_000,
            1,
            null));

    assertThat(own.get("powerbank.rentals.open").tag("status", "active").gauge().value())
        .isEqualTo(1);
    assertThat(own.get("powerbank.rentals.open").tag("status", "pending").gauge().value()).isZero();
    assertThat(own.get("powerbank.debt.open").gauge().value()).isEqualTo(150);
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private double money(String name, String kind) {
    return registry.get(name).tag("kind", kind).counter().count();
  }

  private double failed(String reason) {
    return registry.get("powerbank.rentals.failed").tag("reason", reason).counter().count();
  }

  private long lagCount() {
    Timer timer = registry.find("powerbank.tick.lag").timer();
    return timer == null ? 0 : timer.count();
  }

  private String key(String suffix) {
    return rentalId + ":" + suffix;
  }

  private LedgerEntry ok(PaymentKind kind, String suffix, long amount) {
    return new LedgerEntry(key(suffix), kind, amount, true, null);
  }

  private RentalSnapshot snapshot(
      RentalStatus status, long version, String failureCode, LedgerEntry... payments) {
    return new RentalSnapshot(
        rentalId,
        quoteId,
        "user-1",
        "station-1",
        null,
        "pb-1",
        status,
        failureCode,
        60,
        0,
        500,
        5000,
        status == RentalStatus.PENDING ? null : STARTED,
        null,
        0,
        0,
        0,
        0,
        null,
        version,
        payments.length == 0 ? null : List.of(payments));
  }
}
