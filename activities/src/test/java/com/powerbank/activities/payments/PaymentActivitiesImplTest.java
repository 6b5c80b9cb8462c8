package com.powerbank.activities.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.activities.ledger.PaymentAttemptRow;
import com.powerbank.activities.ledger.PaymentLedgerRepository;
import com.powerbank.workflows.activities.ChargeOutcome;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PaymentActivitiesImplTest extends ActivitiesIntegrationTest {

  private static final String CHARGE = "/clear-money-for-order";
  private static final String HOLD = "/hold-money-for-order";
  private static final String CAPTURE = "/capture-held-money-for-order";
  private static final String RELEASE = "/release-money-for-order";
  private static final String SUCCESS = "{\"status\":\"success\"}";
  private static final String INSUFFICIENT_FUNDS =
      "{\"status\":\"error\",\"message\":\"Insufficient funds\"}";

  @Autowired PaymentActivities payments;
  @Autowired PaymentLedgerRepository ledger;

  private final String rentalId = newRentalId();

  @Test
  void approvedChargeIsChargedAndRecordedAsSuccess() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(okJson(SUCCESS)));

    ChargeOutcome outcome = payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1"));

    assertThat(outcome).isEqualTo(ChargeOutcome.CHARGED);
    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.kind()).isEqualTo(PaymentKind.CHARGE);
              assertThat(row.amount()).isEqualTo(30);
              assertThat(row.success()).isTrue();
              assertThat(row.error()).isNull();
              assertThat(row.userId()).isEqualTo("user-1");
              assertThat(row.idempotencyKey()).isEqualTo(rentalId + ":1");
              assertThat(row.attempts()).isEqualTo(1);
            });
  }

  @Test
  void chargeSendsIdempotencyKeyAndRentalAsOrderId() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(okJson(SUCCESS)));

    payments.charge(request(PaymentKind.CHARGE, 45, rentalId + ":7"));

    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(CHARGE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":7"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":45}")));
  }

  @Test
  void declinedChargeIsDeclinedRecordedAsFailureAndNotRetried() {
    wireMock.stubFor(
        post(urlEqualTo(CHARGE))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(INSUFFICIENT_FUNDS)));

    ChargeOutcome outcome = payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1"));

    assertThat(outcome).isEqualTo(ChargeOutcome.DECLINED);
    wireMock.verify(1, postRequestedFor(urlEqualTo(CHARGE)));
    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.success()).isFalse();
              assertThat(row.error()).isEqualTo("Insufficient funds");
              assertThat(row.amount()).isEqualTo(30);
            });
  }

  @Test
  void serviceUnavailableIsRetryableFailureAndRecordedAsTransient() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(503)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).contains("503");
    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.success()).isFalse();
              assertThat(row.error()).startsWith("transient: ").contains("503");
            });
  }

  @Test
  void answerSlowerThanReadTimeoutIsTransient() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(okJson(SUCCESS).withFixedDelay(3_000)));

    Instant start = Instant.now();
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));
    Duration waited = Duration.between(start, Instant.now());

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_UNAVAILABLE);
    // the default read timeout is 1.5 s: the call gave up well before the 3 s answer
    assertThat(waited).isBetween(Duration.ofMillis(1_400), Duration.ofMillis(2_900));
    assertThat(ledger.findByRental(rentalId).getFirst().error()).startsWith("transient: ");
  }

  @Test
  void droppedConnectionIsTransient() {
    wireMock.stubFor(
        post(urlEqualTo(CHARGE)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_UNAVAILABLE);
  }

  @Test
  void notFoundIsADistinctNonRetryableFailure() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(404)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_NOT_FOUND);
    assertThat(ledger.findByRental(rentalId).getFirst().success()).isFalse();
  }

  @Test
  void approvedHoldIsRecordedWithTheDeposit() {
    wireMock.stubFor(post(urlEqualTo(HOLD)).willReturn(okJson(SUCCESS)));

    payments.holdDeposit(request(PaymentKind.HOLD, 500, rentalId + ":hold"));

    assertThat(ledger.findByRental(rentalId))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.kind()).isEqualTo(PaymentKind.HOLD);
              assertThat(row.amount()).isEqualTo(500);
              assertThat(row.success()).isTrue();
            });
  }

  @Test
  void declinedHoldFailsNonRetryableWithDepositDeclined() {
    wireMock.stubFor(
        post(urlEqualTo(HOLD))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(INSUFFICIENT_FUNDS)));

    assertThatThrownBy(
            () -> payments.holdDeposit(request(PaymentKind.HOLD, 500, rentalId + ":hold")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(PaymentActivities.DEPOSIT_DECLINED);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).isEqualTo("Insufficient funds");
            });
    wireMock.verify(1, postRequestedFor(urlEqualTo(HOLD)));
    assertThat(ledger.findByRental(rentalId).getFirst().error()).isEqualTo("Insufficient funds");
  }

  @Test
  void captureReturnsAndRecordsTheCapturedAmount() {
    wireMock.stubFor(
        post(urlEqualTo(CAPTURE)).willReturn(okJson("{\"status\":\"success\",\"captured\":500}")));

    long captured =
        payments.captureFromHold(request(PaymentKind.CAPTURE, 800, rentalId + ":capture"));

    assertThat(captured).isEqualTo(500);
    wireMock.verify(
        postRequestedFor(urlEqualTo(CAPTURE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":capture"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":800}")));
    PaymentAttemptRow row = ledger.findByRental(rentalId).getFirst();
    assertThat(row.kind()).isEqualTo(PaymentKind.CAPTURE);
    assertThat(row.amount()).isEqualTo(500);
    assertThat(row.success()).isTrue();
  }

  @Test
  void declinedCaptureCapturesNothing() {
    wireMock.stubFor(
        post(urlEqualTo(CAPTURE))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"error\",\"message\":\"No hold\"}")));

    long captured =
        payments.captureFromHold(request(PaymentKind.CAPTURE, 200, rentalId + ":capture"));

    assertThat(captured).isZero();
    PaymentAttemptRow row = ledger.findByRental(rentalId).getFirst();
    assertThat(row.success()).isFalse();
    assertThat(row.error()).isEqualTo("No hold");
    assertThat(row.amount()).isEqualTo(200);
  }

  @Test
  void captureWithoutAmountInTheReplyIsRejected() {
    wireMock.stubFor(post(urlEqualTo(CAPTURE)).willReturn(okJson(SUCCESS)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                payments.captureFromHold(request(PaymentKind.CAPTURE, 100, rentalId + ":capture")));

    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_UNEXPECTED_REPLY);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void releaseSendsNoAmountAndRecordsTheReleasedAmount() {
    wireMock.stubFor(
        post(urlEqualTo(RELEASE)).willReturn(okJson("{\"status\":\"success\",\"released\":320}")));

    long released = payments.releaseHold(request(PaymentKind.RELEASE, 0, rentalId + ":release"));

    assertThat(released).isEqualTo(320);
    wireMock.verify(
        postRequestedFor(urlEqualTo(RELEASE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":release"))
            .withRequestBody(
                equalToJson("{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\"}")));
    PaymentAttemptRow row = ledger.findByRental(rentalId).getFirst();
    assertThat(row.kind()).isEqualTo(PaymentKind.RELEASE);
    assertThat(row.amount()).isEqualTo(320);
    assertThat(row.success()).isTrue();
  }

  @Test
  void rentalIdThatIsNotAUuidIsRefusedBeforeAnyCall() {
    PaymentRequest bad = new PaymentRequest("not-a-uuid", "user-1", 30, "k", PaymentKind.CHARGE);

    assertThatThrownBy(() -> payments.charge(bad))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType())
                  .isEqualTo(PaymentActivitiesImpl.INVALID_PAYMENT_REQUEST);
              assertThat(failure.isNonRetryable()).isTrue();
            });
    assertThat(wireMock.getAllServeEvents()).isEmpty();
  }

  private PaymentRequest request(PaymentKind kind, long amount, String key) {
    return new PaymentRequest(rentalId, "user-1", amount, key, kind);
  }
}
