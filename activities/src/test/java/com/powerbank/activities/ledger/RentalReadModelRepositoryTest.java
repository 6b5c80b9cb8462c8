package com.powerbank.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.readmodel.DebtRow;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.readmodel.RentalRow;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import com.powerbank.workflows.rental.RentalStatus;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RentalReadModelRepositoryTest extends ActivitiesIntegrationTest {

  private static final long STARTED = 1_767_000_000_123L;
  private static final long FINISHED = STARTED + 95 * 60_000L;

  @Autowired RentalReadModelRepository rentals;
  @Autowired RentalStoreActivities store;

  private final String rentalId = newRentalId();
  private String quoteId;

  @BeforeEach
  void quote() {
    quoteId = insertQuote("user-1", "station-1");
  }

  @Test
  void snapshotIsStoredWithEveryColumn() {
    RentalSnapshot finished =
        new RentalSnapshot(
            rentalId,
            quoteId,
            "user-1",
            "station-1",
            "station-2",
            "pb-001",
            RentalStatus.FINISHED,
            null,
            60,
            5,
            500,
            5000,
            STARTED,
            FINISHED,
            95,
            0,
            95,
            0,
            null,
            7,
            null);

    assertThat(rentals.save(finished)).isTrue();

    RentalRow row = rentals.findById(rentalId).orElseThrow();
    assertThat(row.rentalId()).isEqualTo(rentalId);
    assertThat(row.quoteId()).isEqualTo(quoteId);
    assertThat(row.userId()).isEqualTo("user-1");
    assertThat(row.stationId()).isEqualTo("station-1");
    assertThat(row.returnStationId()).isEqualTo("station-2");
    assertThat(row.powerbankId()).isEqualTo("pb-001");
    assertThat(row.status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(row.failureCode()).isNull();
    assertThat(row.pricePerHour()).isEqualTo(60);
    assertThat(row.freePeriodMin()).isEqualTo(5);
    assertThat(row.deposit()).isEqualTo(500);
    assertThat(row.buyoutPrice()).isEqualTo(5000);
    assertThat(row.startedAt()).isEqualTo(Instant.ofEpochMilli(STARTED));
    assertThat(row.finishedAt()).isEqualTo(Instant.ofEpochMilli(FINISHED));
    assertThat(row.paidAmount()).isEqualTo(95);
    assertThat(row.debtAmount()).isZero();
    assertThat(row.totalAmount()).isEqualTo(95);
    assertThat(row.version()).isEqualTo(7);
    assertThat(row.createdAt()).isNotNull();
    assertThat(row.updatedAt()).isNotNull();
  }

  @Test
  void pendingRentalHasNoTimesYet() {
    rentals.save(snapshot(RentalStatus.PENDING, null, 0, 0, 1));

    RentalRow row = rentals.findById(rentalId).orElseThrow();
    assertThat(row.startedAt()).isNull();
    assertThat(row.finishedAt()).isNull();
    assertThat(row.powerbankId()).isNull();
  }

  @Test
  void newerSnapshotReplacesTheRow() {
    rentals.save(snapshot(RentalStatus.ACTIVE, STARTED, 10, 0, 3));

    assertThat(rentals.save(snapshot(RentalStatus.ACTIVE, STARTED, 20, 0, 4))).isTrue();

    assertThat(rentals.findById(rentalId).orElseThrow().paidAmount()).isEqualTo(20);
  }

  @Test
  void olderOrRepeatedSnapshotDoesNotOverwriteANewerOne() {
    rentals.save(snapshot(RentalStatus.FINISHED, STARTED, 95, 0, 10));

    assertThat(rentals.save(snapshot(RentalStatus.ACTIVE, STARTED, 30, 0, 9))).isFalse();
    assertThat(rentals.save(snapshot(RentalStatus.ACTIVE, STARTED, 30, 0, 10))).isFalse();

    RentalRow row = rentals.findById(rentalId).orElseThrow();
    assertThat(row.status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(row.paidAmount()).isEqualTo(95);
    assertThat(row.version()).isEqualTo(10);
  }

  @Test
  void debtIsWrittenWithAttemptsAndNextAttempt() {
    long next = STARTED + 60_000;
    rentals.save(debtSnapshot(150, 2, next, 5));

    DebtRow debt = rentals.findDebt(rentalId).orElseThrow();
    assertThat(debt.userId()).isEqualTo("user-1");
    assertThat(debt.amount()).isEqualTo(150);
    assertThat(debt.attempts()).isEqualTo(2);
    assertThat(debt.nextAttemptAt()).isEqualTo(Instant.ofEpochMilli(next));
    assertThat(rentals.findById(rentalId).orElseThrow().debtAmount()).isEqualTo(150);
    assertThat(rentals.openDebtOf("user-1")).isEqualTo(150);
  }

  @Test
  void staleSnapshotDoesNotTouchTheDebt() {
    rentals.save(debtSnapshot(150, 2, STARTED + 120_000, 5));

    rentals.save(debtSnapshot(50, 1, STARTED + 60_000, 4));

    DebtRow debt = rentals.findDebt(rentalId).orElseThrow();
    assertThat(debt.amount()).isEqualTo(150);
    assertThat(debt.attempts()).isEqualTo(2);
  }

  @Test
  void paidOffDebtIsClosedNotForgotten() {
    rentals.save(debtSnapshot(150, 2, STARTED + 60_000, 5));

    rentals.save(debtSnapshot(0, 3, null, 6));

    DebtRow debt = rentals.findDebt(rentalId).orElseThrow();
    assertThat(debt.amount()).isZero();
    assertThat(debt.attempts()).isEqualTo(3);
    assertThat(debt.nextAttemptAt()).isNull();
    assertThat(rentals.openDebtOf("user-1")).isZero();
  }

  @Test
  void rentalWithoutDebtHasNoDebtRow() {
    rentals.save(snapshot(RentalStatus.ACTIVE, STARTED, 10, 0, 1));

    assertThat(rentals.findDebt(rentalId)).isEmpty();
    assertThat(rentals.openDebtOf("user-1")).isZero();
  }

  @Test
  void unknownOrMalformedIdIsNotFound() {
    assertThat(rentals.findById(newRentalId())).isEmpty();
    assertThat(rentals.findById("not-a-uuid")).isEmpty();
    assertThat(rentals.findDebt("not-a-uuid")).isEmpty();
  }

  @Test
  void saveSnapshotActivityWritesTheReadModel() {
    store.saveSnapshot(snapshot(RentalStatus.ACTIVE, STARTED, 10, 0, 1));

    assertThat(rentals.findById(rentalId).orElseThrow().status()).isEqualTo(RentalStatus.ACTIVE);
  }

  @Test
  void saveSnapshotActivityRefusesAnIdThatIsNotAUuid() {
    RentalSnapshot bad =
        new RentalSnapshot(
            "rental-1",
            quoteId,
            "user-1",
            "station-1",
            null,
            null,
            RentalStatus.PENDING,
            null,
            60,
            5,
            500,
            5000,
            null,
            null,
            0,
            0,
            0,
            0,
            null,
            1,
            null);

    assertThatThrownBy(() -> store.saveSnapshot(bad))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(RentalStoreActivitiesImpl.INVALID_SNAPSHOT);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  private RentalSnapshot snapshot(
      RentalStatus status, Long startedAt, long paid, long debt, long version) {
    return new RentalSnapshot(
        rentalId,
        quoteId,
        "user-1",
        "station-1",
        null,
        startedAt == null ? null : "pb-001",
        status,
        null,
        60,
        5,
        500,
        5000,
        startedAt,
        null,
        paid,
        debt,
        paid + debt,
        0,
        null,
        version,
        null);
  }

  private RentalSnapshot debtSnapshot(long debt, int attempts, Long nextAttempt, long version) {
    return new RentalSnapshot(
        rentalId,
        quoteId,
        "user-1",
        "station-1",
        null,
        "pb-001",
        RentalStatus.ACTIVE,
        null,
        60,
        5,
        500,
        5000,
        STARTED,
        null,
        100,
        debt,
        100 + debt,
        attempts,
        nextAttempt,
        version,
        null);
  }
}
