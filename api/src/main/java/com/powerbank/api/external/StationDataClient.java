package com.powerbank.api.external;

import com.powerbank.api.web.ErrorCodes;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code GET /station-data} of the stations service (SPEC §3), guarded by the {@code stations}
 * bulkhead, circuit breaker and time limiter ({@link ExternalCalls}). Never cached: stock changes.
 * Without an answer there is no fallback: the quote or stop fails fast with 503 {@code
 * STATIONS_UNAVAILABLE}, at once while the breaker is open. (The eject and return calls are the
 * worker's, in the activities module.)
 */
@Component
public class StationDataClient {

  private final StubsHttp http;
  private final ExternalCalls calls;

  public StationDataClient(StubsHttp http, ExternalCalls calls) {
    this.http = http;
    this.calls = calls;
  }

  /**
   * @param stationId a station id (already validated)
   * @return the station, or empty when the service says it does not exist (404: an answer, not a
   *     failure of the service)
   * @throws ExternalServiceException 503 {@code STATIONS_UNAVAILABLE} on any other outcome: an
   *     error answer, a timeout, an I/O error, the breaker open or the bulkhead full
   */
  public Optional<StationData> find(String stationId) {
    try {
      return calls.call(ExternalCalls.STATIONS, () -> fetch(stationId));
    } catch (ExternalCallException e) {
      throw new ExternalServiceException(
          ErrorCodes.STATIONS_UNAVAILABLE, "Stations service is unavailable: " + e.reasonText(), e);
    }
  }

  private Optional<StationData> fetch(String stationId) {
    return http.client()
        .get()
        .uri(b -> b.path("/station-data").queryParam("id", stationId).build())
        .exchange(
            (request, response) -> {
              if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.<StationData>empty();
              }
              if (!response.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException(
                    "stations service answered " + response.getStatusCode().value());
              }
              StationData data = response.bodyTo(StationData.class);
              if (data == null || data.tariffId() == null) {
                throw new IllegalStateException("stations service answered no data");
              }
              return Optional.of(data);
            });
  }
}
