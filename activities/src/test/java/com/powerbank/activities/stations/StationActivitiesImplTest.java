package com.powerbank.activities.stations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.powerbank.activities.ActivitiesIntegrationTest;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StationActivitiesImplTest extends ActivitiesIntegrationTest {

  private static final String EJECT = "/eject-powerbank";
  private static final String RETURN = "/return-powerbank";

  @Autowired StationActivities stations;

  private final String rentalId = newRentalId();

  @Test
  void ejectReturnsThePowerbankAndSendsTheRentalsEjectKey() {
    wireMock.stubFor(
        post(urlEqualTo(EJECT))
            .willReturn(okJson("{\"success\":true,\"powerbank_id\":\"pb-001\"}")));

    String powerbankId = stations.eject(rentalId, "station-1");

    assertThat(powerbankId).isEqualTo("pb-001");
    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(EJECT))
            .withHeader("Idempotency-Key", equalTo(rentalId + ":eject"))
            .withRequestBody(equalToJson("{\"station_id\":\"station-1\"}")));
  }

  @Test
  void emptyStationFailsNonRetryableWithEjectFailed() {
    wireMock.stubFor(post(urlEqualTo(EJECT)).willReturn(okJson("{\"success\":false}")));

    assertThatThrownBy(() -> stations.eject(rentalId, "empty-station-id"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(StationActivities.EJECT_FAILED);
              assertThat(failure.isNonRetryable()).isTrue();
            });
    wireMock.verify(1, postRequestedFor(urlEqualTo(EJECT)));
  }

  @Test
  void unknownStationFailsNonRetryableWithEjectFailed() {
    wireMock.stubFor(post(urlEqualTo(EJECT)).willReturn(aResponse().withStatus(404)));

    assertThatThrownBy(() -> stations.eject(rentalId, "nowhere"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(StationActivities.EJECT_FAILED);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void unavailableStationServiceIsRetryable() {
    wireMock.stubFor(post(urlEqualTo(EJECT)).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> stations.eject(rentalId, "station-1"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(StationActivitiesImpl.STATIONS_UNAVAILABLE);
              assertThat(failure.isNonRetryable()).isFalse();
            });
  }

  @Test
  void successWithoutPowerbankIdIsOutsideTheContract() {
    wireMock.stubFor(post(urlEqualTo(EJECT)).willReturn(okJson("{\"success\":true}")));

    assertThatThrownBy(() -> stations.eject(rentalId, "station-1"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType())
                  .isEqualTo(StationActivitiesImpl.STATIONS_UNEXPECTED_REPLY);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void returnDocksTheBankAtTheStationUnderTheRentalsReturnKey() {
    wireMock.stubFor(post(urlEqualTo(RETURN)).willReturn(okJson("{\"success\":true}")));

    stations.returnPowerbank("station-2", "pb-001", "rental-1");

    wireMock.verify(
        1,
        postRequestedFor(urlEqualTo(RETURN))
            .withHeader("Idempotency-Key", equalTo("rental-1:return"))
            .withRequestBody(
                equalToJson("{\"station_id\":\"station-2\",\"powerbank_id\":\"pb-001\"}")));
  }

  @Test
  void aReturnScheduledBeforeTheKeyExistedSendsNone() {
    wireMock.stubFor(post(urlEqualTo(RETURN)).willReturn(okJson("{\"success\":true}")));

    stations.returnPowerbank("station-2", "pb-001", null);

    wireMock.verify(1, postRequestedFor(urlEqualTo(RETURN)).withoutHeader("Idempotency-Key"));
  }

  @Test
  void returnToUnknownStationFailsNonRetryable() {
    wireMock.stubFor(post(urlEqualTo(RETURN)).willReturn(aResponse().withStatus(404)));

    assertThatThrownBy(() -> stations.returnPowerbank("nowhere", "pb-001", "rental-1"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(StationActivitiesImpl.UNKNOWN_STATION);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void returnDuringOutageIsRetryable() {
    wireMock.stubFor(post(urlEqualTo(RETURN)).willReturn(aResponse().withStatus(502)));

    assertThatThrownBy(() -> stations.returnPowerbank("station-2", "pb-001", "rental-1"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure -> assertThat(failure.isNonRetryable()).isFalse());
  }
}
