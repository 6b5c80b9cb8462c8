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

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.workflows.activities.ChargeOutcome;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the payment activities guarantee (SPEC §3, §5): the request they send (path, body, {@code
 * Idempotency-Key}), how each answer maps to an outcome or amount, and which failures are
 * retryable. They do not write the ledger: the workflow records each outcome and {@code
 * RentalStoreActivitiesImpl} writes it (see {@code RentalStoreActivitiesImplTest}).
 */
class PaymentActivitiesImplTest extends ActivitiesIntegrationTest {

  private static final String CHARGE = "/clear-money-for-order";
  private static final String HOLD = "/hold-money-for-order";
  private static final String CAPTURE = "/capture-held-money-for-order";
  private static final String RELEASE = "/release-money-for-order";
  private static final String REFUND = "/refund-money-for-order";
  private static final String SUCCESS = "{\"status\":\"success\"}";
  private static final String INSUFFICIENT_FUNDS =
      "{\"status\":\"error\",\"message\":\"Insufficient funds\"}";

  @Autowired PaymentActivities payments;

  private final String rentalId = newRentalId();

  /** Whatever a test did, the activities left {@code payment_attempts} alone. */
  @AfterEach
  void ledgerIsNotTheActivitysJob() {
    assertThat(jdbc.sql("SELECT count(*) FROM payment_attempts").query(Long.class).single())
        .as("payment activities write no ledger rows")
        .isZero();
  }

  // --- charge ---

  @Test
  void approvedChargeIsCharged() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(okJson(SUCCESS)));

    ChargeOutcome outcome = payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1"));

    assertThat(outcome).isEqualTo(ChargeOutcome.CHARGED);
    wireMock.verify(1, postRequestedFor(urlEqualTo(CHARGE)));
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
  void declinedChargeIsReturnedNotThrownAndNotRepeated() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(declined(INSUFFICIENT_FUNDS)));

    ChargeOutcome outcome = payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1"));

    assertThat(outcome).isEqualTo(ChargeOutcome.DECLINED);
    wireMock.verify(1, postRequestedFor(urlEqualTo(CHARGE)));
  }

  @Test
  void declineWithoutABodyIsStillADecline() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(400)));

    assertThat(payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")))
        .isEqualTo(ChargeOutcome.DECLINED);
  }

  @Test
  void serviceUnavailableIsARetryableFailure() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(503)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).contains("503");
    wireMock.verify(1, postRequestedFor(urlEqualTo(CHARGE)));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504, 408, 429})
  void everyTransientStatusIsRetryable(int status) {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(status)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).contains(Integer.toString(status));
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
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
    // the default read timeout is 1.5 s: the call gave up well before the 3 s answer
    assertThat(waited).isBetween(Duration.ofMillis(1_400), Duration.ofMillis(2_900));
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
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
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
  }

  @Test
  void statusOutsideTheContractIsNonRetryable() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(409)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.charge(request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_UNEXPECTED_REPLY);
    assertThat(failure.getOriginalMessage()).contains("409");
  }

  // --- hold ---

  @Test
  void approvedHoldSendsTheDepositUnderTheHoldKey() {
    wireMock.stubFor(post(urlEqualTo(HOLD)).willReturn(okJson(SUCCESS)));

    payments.holdDeposit(request(PaymentKind.HOLD, 500, rentalId + ":hold"));

    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(HOLD))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":hold"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":500}")));
  }

  @Test
  void declinedHoldFailsNonRetryableWithDepositDeclined() {
    wireMock.stubFor(post(urlEqualTo(HOLD)).willReturn(declined(INSUFFICIENT_FUNDS)));

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
  }

  @Test
  void holdDuringAnOutageIsRetryableNotADecline() {
    wireMock.stubFor(post(urlEqualTo(HOLD)).willReturn(aResponse().withStatus(503)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.holdDeposit(request(PaymentKind.HOLD, 500, rentalId + ":hold")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
  }

  // --- capture ---

  @Test
  void captureSendsTheAmountAndReturnsWhatWasCaptured() {
    wireMock.stubFor(
        post(urlEqualTo(CAPTURE)).willReturn(okJson("{\"status\":\"success\",\"captured\":500}")));

    long captured =
        payments.captureFromHold(request(PaymentKind.CAPTURE, 800, rentalId + ":capture"));

    assertThat(captured).isEqualTo(500);
    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(CAPTURE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":capture"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":800}")));
  }

  @Test
  void declinedCaptureCapturesNothing() {
    wireMock.stubFor(
        post(urlEqualTo(CAPTURE))
            .willReturn(declined("{\"status\":\"error\",\"message\":\"No hold\"}")));

    long captured =
        payments.captureFromHold(request(PaymentKind.CAPTURE, 200, rentalId + ":capture"));

    assertThat(captured).isZero();
    wireMock.verify(1, postRequestedFor(urlEqualTo(CAPTURE)));
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

  // --- release ---

  @Test
  void releaseSendsNoAmountAndReturnsTheReleasedAmount() {
    wireMock.stubFor(
        post(urlEqualTo(RELEASE)).willReturn(okJson("{\"status\":\"success\",\"released\":320}")));

    long released = payments.releaseHold(request(PaymentKind.RELEASE, 0, rentalId + ":release"));

    assertThat(released).isEqualTo(320);
    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(RELEASE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":release"))
            .withRequestBody(
                equalToJson("{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\"}")));
  }

  @Test
  void declinedReleaseReleasesNothing() {
    wireMock.stubFor(post(urlEqualTo(RELEASE)).willReturn(declined(INSUFFICIENT_FUNDS)));

    assertThat(payments.releaseHold(request(PaymentKind.RELEASE, 0, rentalId + ":release")))
        .isZero();
  }

  // --- refund ---

  @Test
  void refundSendsAmountAndKeyAndReturnsWhatWasRefunded() {
    wireMock.stubFor(
        post(urlEqualTo(REFUND)).willReturn(okJson("{\"status\":\"success\",\"refunded\":25}")));

    long refunded = payments.refund(request(PaymentKind.REFUND, 25, rentalId + ":refund"));

    assertThat(refunded).isEqualTo(25);
    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(REFUND))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":refund"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":25}")));
  }

  @Test
  void refundReturnsTheServicesAmountWhenItIsCappedBelowTheAsk() {
    // the service refunds at most what the order was charged net of earlier refunds
    wireMock.stubFor(
        post(urlEqualTo(REFUND)).willReturn(okJson("{\"status\":\"success\",\"refunded\":10}")));

    assertThat(payments.refund(request(PaymentKind.REFUND, 40, rentalId + ":refund")))
        .isEqualTo(10);
  }

  @Test
  void refundOfNothingChargedIsZero() {
    wireMock.stubFor(
        post(urlEqualTo(REFUND)).willReturn(okJson("{\"status\":\"success\",\"refunded\":0}")));

    assertThat(payments.refund(request(PaymentKind.REFUND, 40, rentalId + ":refund"))).isZero();
  }

  @Test
  void declinedRefundRefundsNothing() {
    wireMock.stubFor(post(urlEqualTo(REFUND)).willReturn(declined(INSUFFICIENT_FUNDS)));

    assertThat(payments.refund(request(PaymentKind.REFUND, 40, rentalId + ":refund"))).isZero();
    wireMock.verify(1, postRequestedFor(urlEqualTo(REFUND)));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void refundDuringAnOutageIsRetryable(int status) {
    wireMock.stubFor(post(urlEqualTo(REFUND)).willReturn(aResponse().withStatus(status)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.refund(request(PaymentKind.REFUND, 40, rentalId + ":refund")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
  }

  @Test
  void refundWithoutAmountInTheReplyIsRejected() {
    wireMock.stubFor(post(urlEqualTo(REFUND)).willReturn(okJson(SUCCESS)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.refund(request(PaymentKind.REFUND, 40, rentalId + ":refund")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_UNEXPECTED_REPLY);
  }

  @Test
  void refundToAnUnknownEndpointIsNonRetryableNotFound() {
    wireMock.stubFor(post(urlEqualTo(REFUND)).willReturn(aResponse().withStatus(404)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> payments.refund(request(PaymentKind.REFUND, 40, rentalId + ":refund")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.PAYMENTS_NOT_FOUND);
  }

  // --- input ---

  @Test
  void rentalIdThatIsNotAUuidIsRefusedBeforeAnyCall() {
    PaymentRequest badCharge =
        new PaymentRequest("not-a-uuid", "user-1", 30, "k", PaymentKind.CHARGE);
    PaymentRequest badRefund =
        new PaymentRequest("not-a-uuid", "user-1", 30, "k", PaymentKind.REFUND);

    assertThatThrownBy(() -> payments.charge(badCharge))
        .isInstanceOfSatisfying(ApplicationFailure.class, this::isInvalidRequest);
    assertThatThrownBy(() -> payments.refund(badRefund))
        .isInstanceOfSatisfying(ApplicationFailure.class, this::isInvalidRequest);
    assertThat(wireMock.getAllServeEvents()).isEmpty();
  }

  private void isInvalidRequest(ApplicationFailure failure) {
    assertThat(failure.getType()).isEqualTo(PaymentActivitiesImpl.INVALID_PAYMENT_REQUEST);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  private static ResponseDefinitionBuilder declined(String body) {
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private PaymentRequest request(PaymentKind kind, long amount, String key) {
    return new PaymentRequest(rentalId, "user-1", amount, key, kind);
  }
}
