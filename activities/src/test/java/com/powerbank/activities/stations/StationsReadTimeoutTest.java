package com.powerbank.activities.stations;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.powerbank.activities.ActivitiesConfiguration;
import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The stations have their own read timeout ({@value
 * ActivitiesConfiguration#STATIONS_READ_TIMEOUT_PROPERTY}), longer than the payments' one, because
 * a physical eject takes seconds (SPEC §3). Set to 3.5 s here (default 10 s) to keep the test
 * short; the payments keep the default 1.5 s of {@value
 * ActivitiesConfiguration#READ_TIMEOUT_PROPERTY}.
 */
@TestPropertySource(properties = ActivitiesConfiguration.STATIONS_READ_TIMEOUT_PROPERTY + "=3500ms")
class StationsReadTimeoutTest extends ActivitiesIntegrationTest {

  private static final String EJECT = "/eject-powerbank";
  private static final String CHARGE = "/clear-money-for-order";
  private static final int SLOW_EJECT_MS = 2_500;

  @Autowired StationActivities stations;
  @Autowired PaymentActivities payments;

  private final String rentalId = newRentalId();

  @Test
  void ejectAnsweredAfterTwoAndAHalfSecondsSucceeds() {
    wireMock.stubFor(
        post(urlEqualTo(EJECT))
            .willReturn(
                okJson("{\"success\":true,\"powerbank_id\":\"pb-007\"}")
                    .withFixedDelay(SLOW_EJECT_MS)));

    long started = System.nanoTime();
    String powerbankId = stations.eject(rentalId, "station-1");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(powerbankId).isEqualTo("pb-007");
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(SLOW_EJECT_MS));
    wireMock.verify(1, postRequestedFor(urlEqualTo(EJECT)));
  }

  @Test
  void ejectSlowerThanTheStationsTimeoutIsTransient() {
    wireMock.stubFor(
        post(urlEqualTo(EJECT))
            .willReturn(
                okJson("{\"success\":true,\"powerbank_id\":\"pb-007\"}").withFixedDelay(6_000)));

    long started = System.nanoTime();
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> stations.eject(rentalId, "station-1"));
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertThat(failure.getType()).isEqualTo(StationActivitiesImpl.STATIONS_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    // gave up at the configured 3.5 s, well before the 6 s answer
    assertThat(waited).isBetween(Duration.ofMillis(3_400), Duration.ofMillis(5_500));
  }

  @Test
  void paymentsKeepTheirShorterTimeout() {
    wireMock.stubFor(
        post(urlEqualTo(CHARGE))
            .willReturn(okJson("{\"status\":\"success\"}").withFixedDelay(SLOW_EJECT_MS)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                payments.charge(
                    new PaymentRequest(
                        rentalId, "user-1", 30, rentalId + ":1", PaymentKind.CHARGE)));

    // the same delay an eject survives is a timeout for a payment
    assertThat(failure.getType()).isEqualTo(PaymentActivities.PAYMENTS_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
  }
}
