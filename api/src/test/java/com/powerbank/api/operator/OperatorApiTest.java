package com.powerbank.api.operator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/operator/...}: the operator view's reads (issue 9). */
class OperatorApiTest extends ApiIntegrationTest {

  @Test
  void openRentalsWithoutVisibilityAre503NotA500() {
    // the Java test server (like make run's fallback) has no ListWorkflowExecutions; the mapping
    // of a real listing is OpenRentalsTest, the real dev server is the browser test's
    assertError(fetch("/api/v1/operator/rentals"), 503, "TEMPORAL_UNAVAILABLE");
  }

  @Test
  void debtorsAreUsersWithOpenDebtLargestFirst() {
    insertDebt("small-debtor", 30);
    insertDebt("big-debtor", 100);
    insertDebt("big-debtor", 50);
    insertDebt("paid-up", 0);

    Answer answer = fetch("/api/v1/operator/debtors");

    assertThat(answer.status()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    answer
        .body()
        .forEach(
            d ->
                lines.add(
                    d.get("user_id").asText()
                        + " "
                        + d.get("debt").asLong()
                        + " "
                        + d.get("rentals").asLong()));
    assertThat(lines).containsExactly("big-debtor 150 2", "small-debtor 30 1");
  }

  @Test
  void stationInventoryListsEveryStationById() {
    stubs.stubFor(
        get(urlPathEqualTo("/admin/state"))
            .willReturn(
                okJson(
                    """
                    {"stations":{"station-b":{"tariff_id":"tariff-1","available_powerbanks":3},
                                 "station-a":{"tariff_id":"tariff-fast","available_powerbanks":0}}}
                    """)));

    Answer answer = fetch("/api/v1/operator/stations");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body()).hasSize(2);
    assertThat(answer.body().get(0).get("station_id").asText()).isEqualTo("station-a");
    assertThat(answer.body().get(0).get("tariff_id").asText()).isEqualTo("tariff-fast");
    assertThat(answer.body().get(1).get("available_powerbanks").asInt()).isEqualTo(3);
  }

  @Test
  void stationInventoryWithoutAnAnswerIs503() {
    stubs.stubFor(get(urlPathEqualTo("/admin/state")).willReturn(aResponse().withStatus(500)));

    assertError(fetch("/api/v1/operator/stations"), 503, "STATIONS_UNAVAILABLE");
  }

  @Test
  void linksNameTheTemporalWebUi() {
    JsonNode links = fetch("/api/v1/operator/links").body();

    assertThat(links.get("temporal_ui_url").asText()).startsWith("http");
    assertThat(links.get("namespace").asText()).isNotBlank();
  }

  private void insertDebt(String userId, long amount) {
    jdbc.update(
        "INSERT INTO debts (rental_id, user_id, amount, attempts) VALUES (?, ?, ?, 1)",
        UUID.randomUUID(),
        userId,
        amount);
  }
}
