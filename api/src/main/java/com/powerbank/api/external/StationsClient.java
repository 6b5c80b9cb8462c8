package com.powerbank.api.external;

import com.powerbank.api.web.ErrorCodes;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * {@code GET /station-data} of the stations service (SPEC §3). Never cached: stock changes. The
 * bean is named apart from the activities module's own {@code StationsClient}, as both can live in
 * one context (the tests' worker).
 */
@Component("apiStationsClient")
public class StationsClient {

  private final StubsHttp http;

  public StationsClient(StubsHttp http) {
    this.http = http;
  }

  /**
   * @param stationId a station id (already validated)
   * @return the station, or empty when the service says it does not exist (404)
   * @throws ExternalServiceException 503 {@code STATIONS_UNAVAILABLE} on any other failure
   */
  public Optional<StationData> find(String stationId) {
    try {
      return http.client()
          .get()
          .uri(b -> b.path("/station-data").queryParam("id", stationId).build())
          .exchange(
              (request, response) -> {
                if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                  return Optional.<StationData>empty();
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                  throw new ExternalServiceException(
                      ErrorCodes.STATIONS_UNAVAILABLE,
                      "Stations service answered " + response.getStatusCode().value(),
                      null);
                }
                StationData data = response.bodyTo(StationData.class);
                if (data == null || data.tariffId() == null) {
                  throw new ExternalServiceException(
                      ErrorCodes.STATIONS_UNAVAILABLE, "Stations service answered no data", null);
                }
                return Optional.of(data);
              });
    } catch (RestClientException e) {
      throw new ExternalServiceException(
          ErrorCodes.STATIONS_UNAVAILABLE, "Stations service is unavailable", e);
    }
  }
}
