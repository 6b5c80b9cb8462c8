package com.powerbank.activities.stations;

import com.powerbank.activities.http.HttpNotFoundException;
import com.powerbank.activities.http.TransientHttpException;
import com.powerbank.activities.http.UnexpectedHttpReplyException;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Station calls as Temporal activities (SPEC §3). Final answers become non-retryable failures;
 * transient ones ({@link TransientHttpException}) a retryable failure of type {@value
 * #STATIONS_UNAVAILABLE} for the activity's retry policy.
 */
@Component
@ActivityImpl(taskQueues = "rentals")
public class StationActivitiesImpl implements StationActivities {

  /** Failure type (retryable) when the stations service gave no final answer. */
  public static final String STATIONS_UNAVAILABLE = "STATIONS_UNAVAILABLE";

  /** Failure type (non-retryable) of a return to a station the service does not know. */
  public static final String UNKNOWN_STATION = "UNKNOWN_STATION";

  /** Failure type (non-retryable) of an answer outside the contract. */
  public static final String STATIONS_UNEXPECTED_REPLY = "STATIONS_UNEXPECTED_REPLY";

  private static final Logger log = LoggerFactory.getLogger(StationActivitiesImpl.class);

  private final StationsClient stations;

  public StationActivitiesImpl(StationsClient stations) {
    this.stations = stations;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends {@code Idempotency-Key: <rentalId>:eject}. An empty station ({@code
   * {"success":false}}) or an unknown one (404) fails with {@link #EJECT_FAILED}, non-retryable;
   * 5xx or a timeout with {@value #STATIONS_UNAVAILABLE}, retryable; a reply outside the contract
   * with {@value #STATIONS_UNEXPECTED_REPLY}, non-retryable.
   */
  @Override
  public String eject(String rentalId, String stationId) {
    try {
      return stations
          .eject(stationId, rentalId + ":eject")
          .orElseThrow(
              () ->
                  ApplicationFailure.newNonRetryableFailure(
                      "Station " + stationId + " has no powerbank to eject", EJECT_FAILED));
    } catch (HttpNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "Unknown station " + stationId, EJECT_FAILED, e);
    } catch (TransientHttpException e) {
      throw unavailable(e);
    } catch (UnexpectedHttpReplyException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), STATIONS_UNEXPECTED_REPLY, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>An unknown station (404) fails with {@value #UNKNOWN_STATION}, non-retryable; 5xx or a
   * timeout with {@value #STATIONS_UNAVAILABLE}, retryable; a reply outside the contract with
   * {@value #STATIONS_UNEXPECTED_REPLY}, non-retryable.
   */
  @Override
  public void returnPowerbank(String stationId, String powerbankId, String rentalId) {
    try {
      stations.returnPowerbank(
          stationId, powerbankId, rentalId == null ? null : rentalId + ":return");
    } catch (HttpNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "Unknown station " + stationId, UNKNOWN_STATION, e);
    } catch (TransientHttpException e) {
      throw unavailable(e);
    } catch (UnexpectedHttpReplyException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), STATIONS_UNEXPECTED_REPLY, e);
    }
  }

  private static ApplicationFailure unavailable(TransientHttpException e) {
    log.warn("Stations unavailable, the retry policy retries: {}", e.getMessage());
    return ApplicationFailure.newFailureWithCause(e.getMessage(), STATIONS_UNAVAILABLE, e);
  }
}
