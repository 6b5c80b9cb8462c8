package com.powerbank.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.powerbank.workflows.activities.PaymentKind;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The payment ledger on real PostgreSQL, in its own Flyway-migrated schema {@code readmodel_test}.
 */
@SpringBootTest(classes = ReadModelTestApplication.class)
class PaymentLedgerRepositoryTest {

  @Autowired PaymentLedgerRepository ledger;
  @Autowired JdbcClient jdbc;

  private final String rentalId = UUID.randomUUID().toString();

  @BeforeEach
  void emptyLedger() {
    jdbc.sql("TRUNCATE payment_attempts RESTART IDENTITY").update();
  }

  @Test
  void successIsNeverOverwrittenByALaterFailureWithTheSameKey() {
    assertThat(ledger.record(attempt(rentalId, "k:1", 30, true, null))).isTrue();

    boolean written = ledger.record(attempt(rentalId, "k:1", 30, false, "transient: 503"));

    assertThat(written).isFalse();
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
  void failuresThenSuccessLeaveOneSuccessfulRowCountingEveryAttempt() {
    ledger.record(attempt(rentalId, "k:1", 30, false, "transient: 503"));
    ledger.record(attempt(rentalId, "k:1", 30, false, "transient: timeout"));
    ledger.record(attempt(rentalId, "k:1", 30, true, null));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.success()).isTrue();
              assertThat(row.error()).isNull();
              assertThat(row.attempts()).isEqualTo(3);
              assertThat(row.updatedAt()).isAfterOrEqualTo(row.createdAt());
            });
  }

  @Test
  void findByRentalListsOnlyThatRentalInOrderOfFirstAttempt() {
    String other = UUID.randomUUID().toString();
    ledger.record(attempt(rentalId, rentalId + ":hold", 500, true, null));
    ledger.record(attempt(rentalId, rentalId + ":1", 30, false, "transient: 503"));
    ledger.record(attempt(other, other + ":hold", 500, true, null));
    ledger.record(attempt(rentalId, rentalId + ":2", 30, true, null));
    // a later attempt of the first charge updates its row but does not move it to the end
    ledger.record(attempt(rentalId, rentalId + ":1", 30, true, null));

    assertThat(ledger.findByRental(rentalId))
        .extracting(PaymentAttemptRow::idempotencyKey)
        .containsExactly(rentalId + ":hold", rentalId + ":1", rentalId + ":2");
    assertThat(ledger.findByRental(other)).hasSize(1);
  }

  @Test
  void findByRentalOfAnUnknownOrMalformedIdIsEmpty() {
    assertThat(ledger.findByRental(UUID.randomUUID().toString())).isEmpty();
    assertThat(ledger.findByRental("not-a-uuid")).isEmpty();
  }

  @Test
  void longErrorsAreCutToTheColumnSize() {
    ledger.record(attempt(rentalId, "k:1", 30, false, "x".repeat(2_000)));

    assertThat(ledger.findByRental(rentalId).getFirst().error())
        .hasSize(PaymentLedgerRepository.MAX_ERROR_LENGTH);
  }

  @Test
  void rentalIdMustBeAUuid() {
    assertThatThrownBy(() -> ledger.record(attempt("rental-1", "k:1", 30, true, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static PaymentAttempt attempt(
      String rentalId, String key, long amount, boolean success, String error) {
    return new PaymentAttempt(rentalId, "user-1", PaymentKind.CHARGE, amount, success, error, key);
  }
}
