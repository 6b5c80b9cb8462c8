package com.powerbank.api.quote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.ApiIntegrationTest;
import com.powerbank.api.ExternalStubs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/v1/rentals/quote} (SPEC §4 quote). */
class QuoteApiTest extends ApiIntegrationTest {

  @Autowired MeterRegistry metrics;

  @Test
  void quoteFreezesTheTariffAndIsStored() {
    Answer answer = quote("user-1", "station-1");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    JsonNode q = answer.body();
    assertThat(q.get("quote_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(q.get("user_id").asText()).isEqualTo("user-1");
    assertThat(q.get("station_id").asText()).isEqualTo("station-1");
    assertThat(q.get("price_per_hour").asLong()).isEqualTo(60);
    assertThat(q.get("free_period_min").asLong()).isEqualTo(5);
    assertThat(q.get("deposit").asLong()).isEqualTo(500);
    assertThat(q.get("currency").asText()).isEqualTo("RUB");
    assertThat(q.get("expires_in_sec").asLong()).isEqualTo(60);

    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT * FROM quotes WHERE quote_id = ?", UUID.fromString(q.get("quote_id").asText()));
    assertThat(row.get("user_id")).isEqualTo("user-1");
    assertThat(row.get("tariff_id")).isEqualTo("tariff-1");
    assertThat(row.get("price_per_hour")).isEqualTo(60L);
    assertThat(row.get("deposit")).isEqualTo(500L);
    assertThat(row.get("rental_id")).isNull();
    Instant expiresAt = ((Timestamp) row.get("expires_at")).toInstant();
    assertThat(Duration.between(Instant.now(), expiresAt).toSeconds()).isCloseTo(60, within(3L));
  }

  @Test
  void trustedUserPaysHalfTheDeposit() {
    Answer answer = quote("trusted-alice", "station-1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("deposit").asLong()).isEqualTo(250);
    assertThat(answer.body().get("price_per_hour").asLong()).isEqualTo(60);
  }

  @Test
  void lastBankAtStationRaisesThePriceRoundedUp() {
    Answer answer = quote("user-1", "last-bank-station");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("price_per_hour").asLong()).isEqualTo(90);
  }

  @Test
  void lastBanksIncreaseIsReadFreshFromConfigs() {
    assertThat(quote("user-1", "last-bank-station").body().get("price_per_hour").asLong())
        .isEqualTo(90);
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    "{\"R_BUYOUT\":5000,\"BILLING_TICK_SEC\":30,\"DEBT_CHARGE_STEP\":100,"
                        + "\"QUOTE_TTL_SEC\":120,\"price_coeff_settings\":{\"last_banks_increase\":1.1}}")));

    Answer answer = quote("user-1", "last-bank-station");

    assertThat(answer.body().get("price_per_hour").asLong()).isEqualTo(66);
    assertThat(answer.body().get("expires_in_sec").asLong()).isEqualTo(120);
  }

  @Test
  void configsFailureUsesTheLastGoodAnswer() {
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    ExternalStubs.CONFIGS.replace(
                        "\"QUOTE_TTL_SEC\":60", "\"QUOTE_TTL_SEC\":45"))));
    assertThat(quote("user-1", "station-1").body().get("expires_in_sec").asLong()).isEqualTo(45);
    stubs.stubFor(
        get(urlPathEqualTo("/configs")).atPriority(1).willReturn(aResponse().withStatus(503)));

    Answer answer = quote("user-1", "station-1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("expires_in_sec").asLong()).isEqualTo(45);
  }

  @Test
  void tariffsAreCachedBetweenQuotes() {
    assertThat(quote("user-1", "station-1").body().get("price_per_hour").asLong()).isEqualTo(60);
    ExternalStubs.tariff("tariff-1", 120, 5, 500);

    Answer answer = quote("user-2", "station-2");

    assertThat(answer.body().get("price_per_hour").asLong()).isEqualTo(60);
    stubs.verify(
        1, getRequestedFor(urlPathEqualTo("/tariff")).withQueryParam("id", equalTo("tariff-1")));
  }

  @Test
  void userProfileFailureFallsBackToUntrusted() {
    stubs.stubFor(
        get(urlPathEqualTo("/user-profile")).atPriority(1).willReturn(aResponse().withStatus(500)));

    Answer answer = quote("trusted-bob", "station-1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("deposit").asLong()).isEqualTo(500);
  }

  @Test
  void userUnknownToTheUsersServiceIs404AndNoQuote() {
    stubs.stubFor(
        get(urlPathEqualTo("/user-profile"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"User not found\",\"code\":\"USER_NOT_FOUND\"}")));

    Answer answer = quote("-ghost", "station-1");

    assertError(answer, 404, "USER_NOT_FOUND");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  @Test
  void userWithOpenDebtGets409AndNoQuote() {
    jdbc.update(
        "INSERT INTO debts (rental_id, user_id, amount, attempts) VALUES (?, 'debtor', 120, 1)",
        UUID.randomUUID());
    Map<String, Long> before = rowCounts();

    Answer answer = quote("debtor", "station-1");

    assertError(answer, 409, "USER_HAS_DEBT");
    assertThat(rowCounts()).isEqualTo(before);
  }

  @Test
  void quoteOutcomesAreCountedByCode() {
    jdbc.update(
        "INSERT INTO debts (rental_id, user_id, amount, attempts) VALUES (?, 'debtor', 120, 1)",
        UUID.randomUUID());
    double ok = outcomes("OK");
    double debt = outcomes("USER_HAS_DEBT");

    quote("user-1", "station-1");
    quote("debtor", "station-1");
    quote("debtor", "station-1");

    assertThat(outcomes("OK") - ok).isEqualTo(1);
    assertThat(outcomes("USER_HAS_DEBT") - debt).isEqualTo(2);
  }

  private double outcomes(String code) {
    Counter counter =
        metrics
            .find("powerbank.api.outcomes")
            .tag("operation", "quote")
            .tag("code", code)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void paidOffDebtDoesNotBlockAQuote() {
    jdbc.update(
        "INSERT INTO debts (rental_id, user_id, amount, attempts) VALUES (?, 'payer', 0, 3)",
        UUID.randomUUID());

    assertThat(quote("payer", "station-1").status()).isEqualTo(200);
  }

  @Test
  void aTariffThatMakesNoSenseIsRefusedAndNoQuoteIsStored() {
    ExternalStubs.tariff("tariff-1", 0, 5, 0); // free, with nothing held: never bought out

    Answer answer = quote("user-1", "station-1");

    assertError(answer, 503, "TARIFF_INVALID");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  @Test
  void unknownStationIs404() {
    Answer answer = quote("user-1", "no-such-station");

    assertError(answer, 404, "STATION_NOT_FOUND");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  @Test
  void emptyStationIs409NoPowerbanks() {
    Answer answer = quote("user-1", "empty-station-id");

    assertError(answer, 409, "NO_POWERBANKS");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  @Test
  void stationsServiceDownIs503() {
    stubs.stubFor(
        get(urlPathEqualTo("/station-data")).atPriority(1).willReturn(aResponse().withStatus(503)));

    Answer answer = quote("user-1", "station-1");

    assertError(answer, 503, "STATIONS_UNAVAILABLE");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  @Test
  void stationsServiceTimeoutIs503() {
    stubs.stubFor(
        get(urlPathEqualTo("/station-data"))
            .atPriority(1)
            .willReturn(okJson("{}").withFixedDelay(3000)));

    Answer answer = quote("user-1", "station-1");

    assertError(answer, 503, "STATIONS_UNAVAILABLE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"user_id\":\"\",\"station_id\":\"station-1\"}",
        "{\"user_id\":\"has space\",\"station_id\":\"station-1\"}",
        "{\"user_id\":\"user/1\",\"station_id\":\"station-1\"}",
        "{\"user_id\":\"üser\",\"station_id\":\"station-1\"}",
        "{\"user_id\":\"u1\",\"station_id\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
        "{\"user_id\":42,\"station_id\":\"station-1\"}",
        "{\"user_id\":-1,\"station_id\":\"station-1\"}",
        "{\"user_id\":true,\"station_id\":\"station-1\"}",
        "{\"user_id\":[\"u\"],\"station_id\":\"station-1\"}",
        "{\"user_id\":{\"a\":1},\"station_id\":\"station-1\"}",
      })
  void invalidIdsAre400AndWriteNothing(String body) {
    Answer answer = postRaw("/api/v1/rentals/quote", body);

    assertError(answer, 400, "VALIDATION_ERROR");
    assertThat(rowCounts().get("quotes")).isZero();
    stubs.verify(0, getRequestedFor(urlPathEqualTo("/station-data")));
  }

  @Test
  void longestValidIdsAreAccepted() {
    String id = "a".repeat(64);

    Answer answer = quote(id, "station-1");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
  }

  @Test
  void unknownFieldsAreIgnored() {
    Answer answer =
        postRaw(
            "/api/v1/rentals/quote",
            "{\"user_id\":\"user-1\",\"station_id\":\"station-1\",\"promo\":\"x\"}");

    assertThat(answer.status()).isEqualTo(200);
  }
}
