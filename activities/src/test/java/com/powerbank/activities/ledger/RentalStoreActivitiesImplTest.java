package com.powerbank.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.readmodel.PaymentAttemptRow;
import com.powerbank.readmodel.PaymentLedgerRepository;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.readmodel.RentalRow;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import com.powerbank.workflows.rental.RentalStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

/**
 * {@code saveSnapshot} is the one writer of the payment ledger (SPEC §7): the workflow sends the
 * outcomes it has not written yet with each snapshot, and the activity writes the {@code rentals}
 * row and those {@code payment_attempts} rows in one transaction, idempotently by key.
 */
class RentalStoreActivitiesImplTest extends ActivitiesIntegrationTest {

  private static final long STARTED = 1_767_000_000_123L;

  @Autowired RentalStoreActivities store;
  @Autowired RentalReadModelRepository rentals;
  @Autowired PaymentLedgerRepository ledger;

  private final String rentalId = newRentalId();
  private String quoteId;

  @BeforeEach
  void quote() {
    quoteId = insertQuote("user-1", "station-1");
  }

  @Test
  void snapshotWithPaymentsWritesTheRowAndEveryEntryInOrder() {
    store.saveSnapshot(
        snapshot(
            1,
            30,
            success(PaymentKind.HOLD, key("hold"), 500),
            success(PaymentKind.CHARGE, key("1"), 30),
            failure(PaymentKind.CHARGE, key("2"), 30, LedgerEntry.DECLINED)));

    assertThat(rentals.findById(rentalId).orElseThrow().paidAmount()).isEqualTo(30);
    List<PaymentAttemptRow> rows = ledger.findByRental(rentalId);
    assertThat(rows)
        .extracting(PaymentAttemptRow::idempotencyKey)
        .containsExactly(key("hold"), key("1"), key("2"));
    assertThat(rows.get(0))
        .satisfies(
            row -> {
              assertThat(row.rentalId()).isEqualTo(rentalId);
              assertThat(row.userId()).isEqualTo("user-1");
              assertThat(row.kind()).isEqualTo(PaymentKind.HOLD);
              assertThat(row.amount()).isEqualTo(500);
              assertThat(row.success()).isTrue();
              assertThat(row.error()).isNull();
              assertThat(row.attempts()).isEqualTo(1);
            });
    assertThat(rows.get(2))
        .satisfies(
            row -> {
              assertThat(row.kind()).isEqualTo(PaymentKind.CHARGE);
              assertThat(row.amount()).isEqualTo(30);
              assertThat(row.success()).isFalse();
              assertThat(row.error()).isEqualTo(LedgerEntry.DECLINED);
            });
  }

  @Test
  void snapshotWithoutPaymentsWritesOnlyTheRow() {
    store.saveSnapshot(snapshot(1, 0));
    store.saveSnapshot(snapshotWith(2, 0, List.of()));

    assertThat(rentals.findById(rentalId).orElseThrow().version()).isEqualTo(2);
    assertThat(ledger.findByRental(rentalId)).isEmpty();
  }

  @Test
  void repeatedSnapshotWritesItsEntriesOnce() {
    RentalSnapshot snapshot =
        snapshot(
            3,
            60,
            success(PaymentKind.CHARGE, key("1"), 30),
            success(PaymentKind.CHARGE, key("2"), 30));

    // e.g. a retry whose first run committed but whose completion was lost
    store.saveSnapshot(snapshot);
    store.saveSnapshot(snapshot);

    assertThat(ledger.findByRental(rentalId))
        .hasSize(2)
        .allSatisfy(
            row -> {
              assertThat(row.success()).isTrue();
              assertThat(row.amount()).isEqualTo(30);
              assertThat(row.attempts()).isEqualTo(1);
            });
    assertThat(successfulSum()).isEqualTo(60);
    assertThat(rentals.findById(rentalId).orElseThrow().version()).isEqualTo(3);
  }

  @Test
  void staleSnapshotLeavesTheRowAloneButStillWritesItsEntries() {
    store.saveSnapshot(snapshot(5, 90));

    store.saveSnapshot(snapshot(4, 60, success(PaymentKind.CHARGE, key("2"), 30)));

    RentalRow row = rentals.findById(rentalId).orElseThrow();
    assertThat(row.version()).isEqualTo(5);
    assertThat(row.paidAmount()).isEqualTo(90);
    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.idempotencyKey()).isEqualTo(key("2"));
              assertThat(entry.success()).isTrue();
              assertThat(entry.amount()).isEqualTo(30);
            });
  }

  @Test
  void staleSnapshotRepeatedStillWritesItsEntriesOnce() {
    store.saveSnapshot(snapshot(5, 90));
    RentalSnapshot stale = snapshot(4, 60, success(PaymentKind.CHARGE, key("2"), 30));

    store.saveSnapshot(stale);
    store.saveSnapshot(stale);

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(entry -> assertThat(entry.attempts()).isEqualTo(1));
    assertThat(successfulSum()).isEqualTo(30);
  }

  @Test
  void failureThenSuccessForTheSameKeyEndsAsSuccess() {
    store.saveSnapshot(
        snapshot(1, 0, failure(PaymentKind.CHARGE, key("1"), 30, LedgerEntry.UNKNOWN_OUTCOME)));

    store.saveSnapshot(snapshot(2, 30, success(PaymentKind.CHARGE, key("1"), 30)));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.success()).isTrue();
              assertThat(row.error()).isNull();
              assertThat(row.amount()).isEqualTo(30);
              assertThat(row.attempts()).isEqualTo(2);
            });
  }

  @Test
  void failureThenSuccessInOneSnapshotEndsAsSuccess() {
    store.saveSnapshot(
        snapshot(
            1,
            30,
            failure(PaymentKind.CHARGE, key("1"), 30, LedgerEntry.UNKNOWN_OUTCOME),
            success(PaymentKind.CHARGE, key("1"), 30)));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.success()).isTrue();
              assertThat(row.error()).isNull();
            });
  }

  @Test
  void successIsNotOverwrittenByALaterFailure() {
    store.saveSnapshot(snapshot(1, 30, success(PaymentKind.CHARGE, key("1"), 30)));

    store.saveSnapshot(
        snapshot(2, 30, failure(PaymentKind.CHARGE, key("1"), 30, LedgerEntry.UNKNOWN_OUTCOME)));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.success()).isTrue();
              assertThat(row.error()).isNull();
              assertThat(row.attempts()).isEqualTo(1);
            });
  }

  @Test
  void successWithinOneSnapshotIsNotOverwrittenByAFailureAfterIt() {
    store.saveSnapshot(
        snapshot(
            1,
            30,
            success(PaymentKind.CHARGE, key("1"), 30),
            failure(PaymentKind.CHARGE, key("1"), 30, LedgerEntry.UNKNOWN_OUTCOME)));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(row -> assertThat(row.success()).isTrue());
  }

  @Test
  void refundKindIsAcceptedByTheDatabase() {
    store.saveSnapshot(
        snapshot(
            1,
            40,
            success(PaymentKind.CHARGE, key("1"), 60),
            success(PaymentKind.REFUND, key("refund"), 20)));

    assertThat(ledger.findByRental(rentalId))
        .filteredOn(row -> row.kind() == PaymentKind.REFUND)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.idempotencyKey()).isEqualTo(key("refund"));
              assertThat(row.amount()).isEqualTo(20);
              assertThat(row.success()).isTrue();
            });
  }

  @ParameterizedTest
  @EnumSource(PaymentKind.class)
  void everyPaymentKindIsAcceptedByTheDatabase(PaymentKind kind) {
    store.saveSnapshot(snapshot(1, 0, success(kind, key(kind.name()), 10)));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(row -> assertThat(row.kind()).isEqualTo(kind));
  }

  @Test
  void rowThatCannotBeWrittenWritesNoEntries() {
    // a quote id that is a UUID but has no quote row: rentals.quote_id references quotes
    RentalSnapshot orphan =
        withQuote(
            snapshot(1, 30, success(PaymentKind.CHARGE, key("1"), 30)),
            UUID.randomUUID().toString());

    assertThatThrownBy(() -> store.saveSnapshot(orphan)).isInstanceOf(DataAccessException.class);

    assertThat(rentals.findById(rentalId)).isEmpty();
    assertThat(ledger.findByRental(rentalId)).isEmpty();
  }

  @Test
  void entryThatCannotBeWrittenLeavesTheRowUnwrittenToo() {
    // payment_attempts.amount has CHECK (amount >= 0)
    RentalSnapshot broken =
        snapshot(
            1,
            30,
            success(PaymentKind.CHARGE, key("1"), 30),
            success(PaymentKind.CHARGE, key("2"), -1));

    assertThatThrownBy(() -> store.saveSnapshot(broken)).isInstanceOf(DataAccessException.class);

    assertThat(rentals.findById(rentalId)).isEmpty();
    assertThat(ledger.findByRental(rentalId)).isEmpty();
  }

  @Test
  void snapshotWithAnIdThatIsNotAUuidWritesNothing() {
    RentalSnapshot bad =
        withRentalId(snapshot(1, 30, success(PaymentKind.CHARGE, "k:1", 30)), "rental-1");

    assertThatThrownBy(() -> store.saveSnapshot(bad))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(RentalStoreActivitiesImpl.INVALID_SNAPSHOT);
              assertThat(failure.isNonRetryable()).isTrue();
            });
    assertThat(jdbc.sql("SELECT count(*) FROM payment_attempts").query(Long.class).single())
        .isZero();
  }

  private long successfulSum() {
    return ledger.findByRental(rentalId).stream()
        .filter(PaymentAttemptRow::success)
        .mapToLong(PaymentAttemptRow::amount)
        .sum();
  }

  private String key(String suffix) {
    return rentalId + ":" + suffix;
  }

  private static LedgerEntry success(PaymentKind kind, String key, long amount) {
    return new LedgerEntry(key, kind, amount, true, null);
  }

  private static LedgerEntry failure(PaymentKind kind, String key, long amount, String error) {
    return new LedgerEntry(key, kind, amount, false, error);
  }

  private RentalSnapshot snapshot(long version, long paid, LedgerEntry... payments) {
    return snapshotWith(version, paid, payments.length == 0 ? null : Arrays.asList(payments));
  }

  private RentalSnapshot snapshotWith(long version, long paid, List<LedgerEntry> payments) {
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
        paid,
        0,
        paid,
        0,
        null,
        version,
        payments);
  }

  private static RentalSnapshot withQuote(RentalSnapshot s, String quoteId) {
    return copy(s, s.rentalId(), quoteId);
  }

  private static RentalSnapshot withRentalId(RentalSnapshot s, String rentalId) {
    return copy(s, rentalId, s.quoteId());
  }

  private static RentalSnapshot copy(RentalSnapshot s, String rentalId, String quoteId) {
    return new RentalSnapshot(
        rentalId,
        quoteId,
        s.userId(),
        s.stationId(),
        s.returnStationId(),
        s.powerbankId(),
        s.status(),
        s.failureCode(),
        s.pricePerHour(),
        s.freePeriodMin(),
        s.deposit(),
        s.buyoutPrice(),
        s.startedAtMillis(),
        s.finishedAtMillis(),
        s.paidAmount(),
        s.debtAmount(),
        s.totalAmount(),
        s.debtAttempts(),
        s.nextDebtAttemptAtMillis(),
        s.version(),
        s.payments());
  }
}
