package com.powerbank.api.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.external.StubsHttp;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every station's stock. The stations contract (SPEC §3) has no listing, so this reads the
 * simulated world's {@code GET /admin/state} ({@code stations}: id to {@code
 * {tariff_id,available_powerbanks}}); a real stations service would need an inventory call.
 */
@Component
public class StationInventory {

  private final StubsHttp http;

  public StationInventory(StubsHttp http) {
    this.http = http;
  }

  /**
   * @return the stations ordered by id
   * @throws ApiException 503 STATIONS_UNAVAILABLE when the service gives no usable answer
   */
  public List<StationStock> list() {
    JsonNode state;
    try {
      state = http.client().get().uri("/admin/state").retrieve().body(JsonNode.class);
    } catch (RuntimeException e) {
      throw unavailable();
    }
    if (state == null || !state.path("stations").isObject()) {
      throw unavailable();
    }
    List<StationStock> stations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> station : state.path("stations").properties()) {
      stations.add(
          new StationStock(
              station.getKey(),
              station.getValue().path("tariff_id").asText(),
              station.getValue().path("available_powerbanks").asInt()));
    }
    stations.sort(Comparator.comparing(StationStock::stationId));
    return stations;
  }

  private static ApiException unavailable() {
    return ApiException.unavailable(
        ErrorCodes.STATIONS_UNAVAILABLE, "Stations inventory is unavailable");
  }
}
