package com.powerbank.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.rental.RentalStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickLagTest {

  private static final String RENTAL = "3f1c2a4e-0000-4000-8000-000000000001";
  private static final long STARTED = 1_767_000_000_000L;

  @Test
  void lagIsTheChargingTasksTimeMinusTheTicksDueTime() {
    // tick 3 of a 30 s tick is due at started + 90 s; the task ran 250 ms later
    RentalSnapshot snapshot = snapshot((STARTED + 90_250) * TickLag.VERSIONS_PER_MILLI);

    assertThat(TickLag.of(snapshot, charge(RENTAL + ":3"), 30)).contains(Duration.ofMillis(250));
  }

  @Test
  void onlyTickChargesHaveALag() {
    RentalSnapshot snapshot = snapshot((STARTED + 90_250) * TickLag.VERSIONS_PER_MILLI);

    assertThat(TickLag.of(snapshot, charge(RENTAL + ":final"), 30)).isEmpty();
    assertThat(TickLag.of(snapshot, charge("other:3"), 30)).isEmpty();
    assertThat(
            TickLag.of(
                snapshot,
                new LedgerEntry(RENTAL + ":debt:1", PaymentKind.DEBT_COLLECTION, 10, true, null),
                30))
        .isEmpty();
  }

  @Test
  void versionNotMadeFromTheClockGivesNoLag() {
    assertThat(TickLag.of(snapshot(7), charge(RENTAL + ":3"), 30)).isEmpty();
  }

  private static LedgerEntry charge(String key) {
    return new LedgerEntry(key, PaymentKind.CHARGE, 30, true, null);
  }

  private static RentalSnapshot snapshot(long version) {
    return new RentalSnapshot(
        RENTAL,
        RENTAL,
        "user-1",
        "station-1",
        null,
        "pb-1",
        RentalStatus.ACTIVE,
        null,
        60,
        0,
        500,
        5000,
        STARTED,
        null,
        90,
        0,
        90,
        0,
        null,
        version,
        null);
  }
}
