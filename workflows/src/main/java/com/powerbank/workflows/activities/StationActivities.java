package com.powerbank.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Calls to the stations service (SPEC §3). */
@ActivityInterface
public interface StationActivities {

  /** Failure type when the station could not eject a powerbank (non-retryable). */
  String EJECT_FAILED = "EJECT_FAILED";

  /**
   * Ejects one powerbank ({@code POST /eject-powerbank}), keyed {@code <rental_id>:eject} so a
   * retried call does not take two banks.
   *
   * @param rentalId the rental the bank is for
   * @param stationId the station to eject from
   * @return the ejected powerbank's id
   * @throws io.temporal.failure.ApplicationFailure of type {@link #EJECT_FAILED}, non-retryable,
   *     when the station answers {@code {"success":false}} or does not know the station
   */
  @ActivityMethod
  String eject(String rentalId, String stationId);

  /**
   * Docks a returned powerbank at a station ({@code POST /return-powerbank}), keyed {@code
   * <rental_id>:return} so a late retry never docks a bank that was handed out again meanwhile.
   *
   * @param stationId the return station
   * @param powerbankId the bank returned
   * @param rentalId the rental it was returned from (null in calls scheduled before the key: then
   *     no key is sent)
   */
  @ActivityMethod
  void returnPowerbank(String stationId, String powerbankId, String rentalId);
}
