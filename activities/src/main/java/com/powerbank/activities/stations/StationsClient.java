package com.powerbank.activities.stations;

import com.powerbank.activities.ActivitiesConfiguration;
import com.powerbank.activities.http.HttpNotFoundException;
import com.powerbank.activities.http.JsonPost;
import com.powerbank.activities.http.JsonReply;
import com.powerbank.activities.http.TransientHttpException;
import com.powerbank.activities.http.UnexpectedHttpReplyException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * HTTP client of the stations service (SPEC §3). Both calls throw {@link HttpNotFoundException} for
 * an unknown station (404), {@link TransientHttpException} on 5xx, 408, 429, I/O error or timeout,
 * and {@link UnexpectedHttpReplyException} for any other answer outside the contract.
 */
@Component
public class StationsClient {

  static final String EJECT_PATH = "/eject-powerbank";
  static final String RETURN_PATH = "/return-powerbank";

  private final JsonPost http;

  /**
   * @param stations the stations' HTTP client, whose read timeout fits a physical eject
   */
  public StationsClient(
      @Qualifier(ActivitiesConfiguration.STATIONS_REST_CLIENT) RestClient stations) {
    this.http = new JsonPost(stations);
  }

  /**
   * Ejects one powerbank ({@code POST /eject-powerbank {"station_id"}}). The idempotency key makes
   * a repeated call answer the first answer without taking a second bank.
   *
   * @param stationId the station
   * @param idempotencyKey e.g. {@code <rental_id>:eject}
   * @return the ejected bank's id, or empty when the station answered {@code {"success":false}}
   */
  public Optional<String> eject(String stationId, String idempotencyKey) {
    DockAnswer answer = answer(EJECT_PATH, new EjectOrder(stationId), idempotencyKey);
    if (!Boolean.TRUE.equals(answer.success())) {
      return Optional.empty();
    }
    if (answer.powerbankId() == null || answer.powerbankId().isBlank()) {
      throw new UnexpectedHttpReplyException(
          "POST " + EJECT_PATH + " answered success without a powerbank_id");
    }
    return Optional.of(answer.powerbankId());
  }

  /**
   * Docks a returned powerbank ({@code POST /return-powerbank {"station_id","powerbank_id"}}).
   * Idempotent on the service side: docking a bank already docked changes nothing, and a repeated
   * {@code idempotencyKey} (e.g. {@code <rental_id>:return}; null sends none) answers the first
   * answer.
   *
   * @throws UnexpectedHttpReplyException when the station does not answer {@code {"success":true}}
   */
  public void returnPowerbank(
      String stationId, String powerbankId, @Nullable String idempotencyKey) {
    DockAnswer answer =
        answer(RETURN_PATH, new ReturnOrder(stationId, powerbankId), idempotencyKey);
    if (!Boolean.TRUE.equals(answer.success())) {
      throw new UnexpectedHttpReplyException(
          "POST " + RETURN_PATH + " did not dock " + powerbankId + " at " + stationId);
    }
  }

  private DockAnswer answer(String path, Object order, String idempotencyKey) {
    JsonReply<DockAnswer> reply = http.post(path, order, idempotencyKey, DockAnswer.class);
    if (!reply.isSuccess() || reply.body() == null) {
      throw new UnexpectedHttpReplyException(
          "POST " + path + " answered HTTP " + reply.status() + " without a station answer");
    }
    return reply.body();
  }
}
