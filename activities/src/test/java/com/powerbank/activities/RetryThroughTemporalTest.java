package com.powerbank.activities;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The activities under a real Temporal retry policy (in-memory test server, real time): transient
 * failures are retried with growing back-off under the same idempotency key, final answers are not
 * retried at all. The activities only call the service: the ledger is written by the workflow's
 * snapshots ({@code RentalStoreActivitiesImplTest}), so nothing here touches {@code
 * payment_attempts}.
 */
class RetryThroughTemporalTest extends ActivitiesIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(RetryThroughTemporalTest.class);

  private static final String QUEUE = "activities-test";
  private static final String CHARGE = "/clear-money-for-order";
  private static final String HOLD = "/hold-money-for-order";
  private static final String REFUND = "/refund-money-for-order";
  private static final String EJECT = "/eject-powerbank";
  private static final String SUCCESS = "{\"status\":\"success\"}";
  private static final String INSUFFICIENT_FUNDS =
      "{\"status\":\"error\",\"message\":\"Insufficient funds\"}";

  @Autowired PaymentActivities paymentActivities;
  @Autowired StationActivities stationActivities;

  private TestWorkflowEnvironment temporal;
  private final String rentalId = newRentalId();

  /** Calls one activity under the retry policy and returns its result as text. */
  @WorkflowInterface
  public interface ProbeWorkflow {
    @WorkflowMethod
    String call(String step, PaymentRequest request);
  }

  /** The retry policy of the test: 100 ms, tripled per attempt, at most 5 attempts. */
  public static class ProbeWorkflowImpl implements ProbeWorkflow {

    private final ActivityOptions options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(5))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(100))
                    .setBackoffCoefficient(3)
                    .setMaximumInterval(Duration.ofSeconds(2))
                    .setMaximumAttempts(5)
                    .build())
            .build();

    private final PaymentActivities payments =
        Workflow.newActivityStub(PaymentActivities.class, options);
    private final StationActivities stations =
        Workflow.newActivityStub(StationActivities.class, options);

    @Override
    public String call(String step, PaymentRequest request) {
      return switch (step) {
        case "charge" -> payments.charge(request).name();
        case "hold" -> {
          payments.holdDeposit(request);
          yield "HELD";
        }
        case "refund" -> Long.toString(payments.refund(request));
        case "eject" -> stations.eject(request.rentalId(), "station-1");
        default -> throw new IllegalArgumentException(step);
      };
    }
  }

  @BeforeEach
  void startTemporal() {
    temporal =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = temporal.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
    worker.registerActivitiesImplementations(paymentActivities, stationActivities);
    temporal.start();
  }

  @AfterEach
  void stopTemporal() {
    temporal.close();
  }

  @Test
  void chargeIsRetriedThroughTwoOutagesWithGrowingIntervals() {
    failTwiceThen(CHARGE, okJson(SUCCESS));

    String outcome = probe().call("charge", request(PaymentKind.CHARGE, 30, rentalId + ":1"));

    assertThat(outcome).isEqualTo("CHARGED");
    List<Long> times = requestTimes(CHARGE);
    assertThat(times).hasSize(3);
    long firstGap = times.get(1) - times.get(0);
    long secondGap = times.get(2) - times.get(1);
    log.info("Charge retried after {} ms, then after {} ms", firstGap, secondGap);
    assertThat(firstGap).isGreaterThanOrEqualTo(90);
    assertThat(secondGap).isGreaterThanOrEqualTo(firstGap);
    // every attempt is the same request under the same key, so the service moves money once
    wireMock.verify(
        3,
        postRequestedFor(urlEqualTo(CHARGE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":1"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":30}")));
    assertThat(ledgerRows()).isZero();
  }

  @Test
  void declinedChargeIsAnsweredOnceAndNotRetried() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(declined()));

    String outcome = probe().call("charge", request(PaymentKind.CHARGE, 30, rentalId + ":1"));

    assertThat(outcome).isEqualTo("DECLINED");
    wireMock.verify(1, postRequestedFor(urlEqualTo(CHARGE)));
    assertThat(ledgerRows()).isZero();
  }

  @Test
  void refundIsRetriedThroughAnOutageUnderOneKeyAndReturnsTheRefundedAmount() {
    failTwiceThen(REFUND, okJson("{\"status\":\"success\",\"refunded\":12}"));

    String refunded = probe().call("refund", request(PaymentKind.REFUND, 20, rentalId + ":refund"));

    assertThat(refunded).isEqualTo("12");
    wireMock.verify(
        3,
        postRequestedFor(urlEqualTo(REFUND))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":refund"))
            .withRequestBody(
                equalToJson(
                    "{\"user_id\":\"user-1\",\"order_id\":\"" + rentalId + "\",\"amount\":20}")));
  }

  @Test
  void chargeThatNeverGetsAnAnswerFailsAfterTheLastAttemptAsUnavailable() {
    wireMock.stubFor(post(urlEqualTo(CHARGE)).willReturn(aResponse().withStatus(503)));

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> probe().call("charge", request(PaymentKind.CHARGE, 30, rentalId + ":1")));

    ApplicationFailure cause = (ApplicationFailure) failed.getCause().getCause();
    assertThat(cause.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
    wireMock.verify(
        5,
        postRequestedFor(urlEqualTo(CHARGE))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":1")));
  }

  @Test
  void declinedHoldFailsTheCallerWithDepositDeclinedAfterOneRequest() {
    wireMock.stubFor(post(urlEqualTo(HOLD)).willReturn(declined()));

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> probe().call("hold", request(PaymentKind.HOLD, 500, rentalId + ":hold")));

    assertThat(failed.getCause()).isInstanceOf(ActivityFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failed.getCause().getCause();
    assertThat(cause.getType()).isEqualTo(PaymentActivities.DEPOSIT_DECLINED);
    wireMock.verify(1, postRequestedFor(urlEqualTo(HOLD)));
  }

  @Test
  void ejectIsRetriedThroughAnOutage() {
    failTwiceThen(EJECT, okJson("{\"success\":true,\"powerbank_id\":\"pb-042\"}"));

    String powerbankId = probe().call("eject", request(PaymentKind.HOLD, 0, "unused"));

    assertThat(powerbankId).isEqualTo("pb-042");
    wireMock.verify(3, postRequestedFor(urlEqualTo(EJECT)));
  }

  @Test
  void emptyStationIsAnsweredOnceAndFailsWithEjectFailed() {
    wireMock.stubFor(post(urlEqualTo(EJECT)).willReturn(okJson("{\"success\":false}")));

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> probe().call("eject", request(PaymentKind.HOLD, 0, "unused")));

    ApplicationFailure cause = (ApplicationFailure) failed.getCause().getCause();
    assertThat(cause.getType()).isEqualTo(StationActivities.EJECT_FAILED);
    wireMock.verify(1, postRequestedFor(urlEqualTo(EJECT)));
  }

  private long ledgerRows() {
    return jdbc.sql("SELECT count(*) FROM payment_attempts").query(Long.class).single();
  }

  private ProbeWorkflow probe() {
    WorkflowClient client = temporal.getWorkflowClient();
    return client.newWorkflowStub(
        ProbeWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(QUEUE)
            .setWorkflowExecutionTimeout(Duration.ofSeconds(60))
            .build());
  }

  /** 503, 503, then {@code finalAnswer}. */
  private static void failTwiceThen(String path, ResponseDefinitionBuilder finalAnswer) {
    String scenario = "outage " + path;
    wireMock.stubFor(
        post(urlEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("second"));
    wireMock.stubFor(
        post(urlEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("recovered"));
    wireMock.stubFor(
        post(urlEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs("recovered")
            .willReturn(finalAnswer));
  }

  private static ResponseDefinitionBuilder declined() {
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody(INSUFFICIENT_FUNDS);
  }

  /** Epoch millis of the requests WireMock received on {@code path}, oldest first. */
  private static List<Long> requestTimes(String path) {
    return wireMock.findAll(postRequestedFor(urlEqualTo(path))).stream()
        .map(LoggedRequest::getLoggedDate)
        .map(date -> date.getTime())
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  private PaymentRequest request(PaymentKind kind, long amount, String key) {
    return new PaymentRequest(rentalId, "user-1", amount, key, kind);
  }
}
