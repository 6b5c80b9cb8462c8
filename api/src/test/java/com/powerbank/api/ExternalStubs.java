package com.powerbank.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * WireMock playing the external services of SPEC §3 with the seeded data the stubs serve: stations
 * {@code station-1..10} (10 banks, tariff-1), {@code last-bank-station} (1 bank), {@code
 * empty-station-id} (none), {@code station-fast} (tariff-fast, 1 unit a second); users {@code
 * trusted-*} trusted, {@code poor-*} every charge declined, {@code broke-*} the hold declined too.
 * One server for the whole run; tests override single stubs with a higher priority.
 */
public final class ExternalStubs {

  /** Priority of the defaults; a test's own stub with a smaller number wins. */
  private static final int DEFAULT = 5;

  private static final int SPECIFIC = 3;

  public static final String CONFIGS =
      "{\"R_BUYOUT\":5000,\"BILLING_TICK_SEC\":30,\"DEBT_CHARGE_STEP\":100,\"QUOTE_TTL_SEC\":60,"
          + "\"price_coeff_settings\":{\"last_banks_increase\":1.5}}";

  private static final WireMockServer SERVER = start();

  private ExternalStubs() {}

  /** The running server. */
  public static WireMockServer server() {
    return SERVER;
  }

  private static WireMockServer start() {
    WireMockServer server =
        new WireMockServer(
            options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(false));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    issuerKeys(server);
    return server;
  }

  /** Forgets every stub and request, then installs the seeded behaviour. */
  public static void reset() {
    SERVER.resetAll();
    stations();
    tariffs();
    users();
    SERVER.stubFor(get(urlPathEqualTo("/configs")).atPriority(DEFAULT).willReturn(okJson(CONFIGS)));
    payments();
    issuerKeys(SERVER);
  }

  /** The identity provider's keys ({@link TestTokens}), which WireMock also serves. */
  private static void issuerKeys(WireMockServer server) {
    server.stubFor(
        get(urlPathEqualTo("/oauth2/jwks"))
            .atPriority(DEFAULT)
            .willReturn(okJson(TestTokens.jwks())));
  }

  private static void stations() {
    station("station-([1-9]|10)", "tariff-1", 10);
    station("last-bank-station", "tariff-1", 1);
    station("empty-station-id", "tariff-1", 0);
    station("station-fast", "tariff-fast", 1000);
    SERVER.stubFor(
        get(urlPathEqualTo("/station-data"))
            .atPriority(DEFAULT + 1)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"Station not found\",\"code\":\"STATION_NOT_FOUND\"}")));
    SERVER.stubFor(
        post(urlPathEqualTo("/eject-powerbank"))
            .atPriority(DEFAULT)
            .willReturn(
                templated(
                    "{\"success\":true,\"powerbank_id\":\"pb-{{randomValue length=6 type='NUMERIC'}}\"}")));
    SERVER.stubFor(
        post(urlPathEqualTo("/return-powerbank"))
            .atPriority(DEFAULT)
            .willReturn(okJson("{\"success\":true}")));
  }

  private static void station(String idRegex, String tariffId, int banks) {
    SERVER.stubFor(
        get(urlPathEqualTo("/station-data"))
            .withQueryParam("id", matching(idRegex))
            .atPriority(DEFAULT)
            .willReturn(
                templated(
                    "{\"id\":\"{{request.query.id}}\",\"tariff_id\":\""
                        + tariffId
                        + "\",\"location\":{\"lat\":55.7558,\"lon\":37.6173},"
                        + "\"available_powerbanks\":"
                        + banks
                        + "}")));
  }

  private static void tariffs() {
    tariff("tariff-1", 60, 5, 500);
    tariff("tariff-fast", 3600, 0, 100);
    SERVER.stubFor(
        get(urlPathEqualTo("/tariff"))
            .atPriority(DEFAULT + 1)
            .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"no\"}")));
  }

  /** Serves a tariff (also used by tests to change one). */
  public static void tariff(String id, long pricePerHour, long freeMin, long deposit) {
    SERVER.stubFor(
        get(urlPathEqualTo("/tariff"))
            .withQueryParam("id", equalTo(id))
            .atPriority(DEFAULT)
            .willReturn(
                okJson(
                    "{\"id\":\"%s\",\"price_per_hour\":%d,\"free_period_min\":%d,\"deposit\":%d}"
                        .formatted(id, pricePerHour, freeMin, deposit))));
  }

  private static void users() {
    SERVER.stubFor(
        get(urlPathEqualTo("/user-profile"))
            .atPriority(DEFAULT + 1)
            .willReturn(
                templated(
                    "{\"id\":\"{{request.query.id}}\",\"trusted\":false,\"has_subscription\":false}")));
    SERVER.stubFor(
        get(urlPathEqualTo("/user-profile"))
            .withQueryParam("id", matching("trusted-.*"))
            .atPriority(DEFAULT)
            .willReturn(
                templated(
                    "{\"id\":\"{{request.query.id}}\",\"trusted\":true,\"has_subscription\":false}")));
  }

  private static void payments() {
    ResponseDefinitionBuilder success = okJson("{\"status\":\"success\"}");
    ResponseDefinitionBuilder declined =
        aResponse()
            .withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"status\":\"error\",\"message\":\"Insufficient funds\"}");
    SERVER.stubFor(
        post(urlPathEqualTo("/hold-money-for-order")).atPriority(DEFAULT).willReturn(success));
    SERVER.stubFor(
        post(urlPathEqualTo("/hold-money-for-order"))
            .withRequestBody(matchingJsonPath("$.user_id", matching("broke-.*")))
            .atPriority(SPECIFIC)
            .willReturn(declined));
    SERVER.stubFor(
        post(urlPathEqualTo("/clear-money-for-order")).atPriority(DEFAULT).willReturn(success));
    SERVER.stubFor(
        post(urlPathEqualTo("/clear-money-for-order"))
            .withRequestBody(matchingJsonPath("$.user_id", matching("(poor|broke)-.*")))
            .atPriority(SPECIFIC)
            .willReturn(declined));
    SERVER.stubFor(
        post(urlPathEqualTo("/capture-held-money-for-order"))
            .atPriority(DEFAULT)
            .willReturn(
                templated(
                    "{\"status\":\"success\",\"captured\":{{jsonPath request.body '$.amount'}} }")));
    SERVER.stubFor(
        post(urlPathEqualTo("/release-money-for-order"))
            .atPriority(DEFAULT)
            .willReturn(templated("{\"status\":\"success\",\"released\":0}")));
  }

  private static ResponseDefinitionBuilder templated(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .withTransformers("response-template");
  }
}
