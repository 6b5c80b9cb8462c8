package com.powerbank.workflows.rental;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.powerbank.workflows.activities.PaymentKind;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The continue-as-new input as Temporal's default converter reads and writes it: inputs recorded by
 * older workers (the former {@code RentalProgress} record, with and without its later fields) still
 * read into a {@link RentalState}, and a state written now reads back the same.
 */
class RentalStateJsonTest {

  /** A continue-as-new input as a worker before issue 6 wrote it (no read-model retry fields). */
  private static final String PRE_ISSUE_6 =
      """
      {"rentalId":"r-1","quoteId":"q-1","userId":"u-1","stationId":"s-1",
       "terms":{"tariff":{"pricePerHour":60,"freePeriodMin":5,"deposit":500},"buyoutPrice":5000,
                "billingTickSec":30,"debtChargeStep":100},
       "continueAsNewAfterEvents":300,
       "progress":{"status":"ACTIVE","failureCode":null,"powerbankId":"pb-1",
                   "startedAtMillis":1795937970330,"finishedAtMillis":null,"returnStationId":null,
                   "lastTick":8599,"paid":4300,"debt":20,"totalAmount":0,
                   "unresolved":[{"idempotencyKey":"r-1:8599","amount":20,"kind":"CHARGE"}],
                   "debtCharges":3,"debtAttempts":2,"nextDebtAttemptAtMillis":1795938000000,
                   "receipt":null,"snapshotVersion":4297}}
      """;

  /** The same with the fields of issue 6, explicitly null where a worker wrote null. */
  private static final String ISSUE_6 =
      PRE_ISSUE_6.replace(
          "\"snapshotVersion\":4297}",
          "\"snapshotVersion\":4297,\"unwrittenPayments\":null,"
              + "\"readModelRetryAtMillis\":1795938005000,\"readModelFailures\":1}");

  @Test
  void aContinueAsNewInputFromBeforeIssue6StillReads() {
    RentalState state = read(PRE_ISSUE_6).progress();

    assertThat(state.status).isEqualTo(RentalStatus.ACTIVE);
    assertThat(state.powerbankId).isEqualTo("pb-1");
    assertThat(state.startedAtMillis).isEqualTo(1795937970330L);
    assertThat(state.lastTick).isEqualTo(8599);
    assertThat(state.paid).isEqualTo(4300);
    assertThat(state.debt).isEqualTo(20);
    assertThat(state.unresolved)
        .containsExactly(new PendingCharge("r-1:8599", 20, PaymentKind.CHARGE));
    assertThat(state.debtCharges).isEqualTo(3);
    assertThat(state.debtAttempts).isEqualTo(2);
    assertThat(state.nextDebtAttemptAtMillis).isEqualTo(1795938000000L);
    assertThat(state.snapshotVersion).isEqualTo(4297);
    assertThat(state.unwrittenPayments).isEmpty();
    assertThat(state.readModelRetryAtMillis).isNull();
  }

  @Test
  void explicitNullListsReadAsEmptyAndTheRetryFieldsAreKept() {
    RentalState state = read(ISSUE_6).progress();

    assertThat(state.unwrittenPayments).isNotNull().isEmpty();
    assertThat(state.readModelRetryAtMillis).isEqualTo(1795938005000L);
    assertThat(state.readModelFailures).isEqualTo(1);
  }

  @Test
  void aStateWrittenNowReadsBackWithTheRecordedNamesAndWithoutTheStopRequest() {
    RentalInput input = read(ISSUE_6);
    input.progress().stopRequested = true;

    String written = write(input);
    RentalState again = read(written).progress();

    assertThat(written)
        .contains("\"startedAtMillis\":1795937970330", "\"readModelFailures\":1")
        .doesNotContain("stopRequested", "endingAsBuyout");
    assertThat(again.view(input)).isEqualTo(input.progress().view(input));
    assertThat(again.stopRequested).isFalse();
  }

  private static RentalInput read(String json) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
            .build();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        payload, RentalInput.class, RentalInput.class);
  }

  private static String write(RentalInput input) {
    return DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(input)
        .orElseThrow()
        .getData()
        .toStringUtf8();
  }
}
