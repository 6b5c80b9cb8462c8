package com.powerbank.api.external;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.powerbank.api.ApiApplication;
import com.powerbank.api.ApiTestConfiguration;
import com.powerbank.api.ExternalStubs;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The external services host refuses connections (nothing listens on its port): its own api
 * context, whose {@code powerbank.stubs.url} points at a free port. Real PostgreSQL as everywhere.
 * At the end of one test a WireMock comes up on that port, to show the breaker closing again. Not
 * an {@code ApiIntegrationTest}: that base points every context at the shared WireMock.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {ApiApplication.class, ApiTestConfiguration.class})
@ActiveProfiles("test")
class ExternalServicesRefusedTest {

  private static final int DEAD_PORT = freePort();

  @DynamicPropertySource
  static void refusingStubsUrl(DynamicPropertyRegistry registry) {
    registry.add("powerbank.stubs.url", () -> "http://127.0.0.1:" + DEAD_PORT);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort private int port;
  @Autowired private JdbcTemplate jdbc;
  @Autowired private CacheManager caches;
  @Autowired private CircuitBreakerRegistry breakers;
  @Autowired private StationDataClient stations;
  @Autowired private TariffsClient tariffs;
  @Autowired private UsersClient users;
  @Autowired private ConfigsClient configs;

  @BeforeEach
  void freshState() {
    jdbc.update("TRUNCATE quotes, rentals, payment_attempts, debts RESTART IDENTITY");
    caches.getCacheNames().forEach(name -> caches.getCache(name).clear());
    breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
  }

  @Test
  void refusedConnectionsGiveEachServicesFallbackAndOpenTheBreakers() {
    for (int i = 0; i < 5; i++) {
      assertError(quote("user-1", "station-1"), 503, "STATIONS_UNAVAILABLE");
    }
    long t0 = System.nanoTime();
    Answer open = quote("user-1", "station-1");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertError(open, 503, "STATIONS_UNAVAILABLE");
    assertThat(open.error()).contains("circuit breaker open");
    assertThat(took).isLessThan(Duration.ofMillis(300));
    System.out.printf(
        "MEASURE refused, stations breaker open: quote answered 503 in %d ms%n", took.toMillis());

    // users: the untrusted profile; tariffs and configs: 503, as nothing good was ever read
    assertThat(users.profile("trusted-bob").trusted()).isFalse();
    assertThatThrownBy(() -> tariffs.tariff("tariff-1"))
        .isInstanceOfSatisfying(
            ExternalServiceException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.code()).isEqualTo("TARIFFS_UNAVAILABLE");
            });
    assertThatThrownBy(() -> configs.current())
        .isInstanceOfSatisfying(
            ExternalServiceException.class,
            e -> assertThat(e.code()).isEqualTo("CONFIGS_UNAVAILABLE"));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM quotes", Long.class)).isZero();

    Answer health = fetch("/api/v1/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().get("status").asText()).isEqualTo("degraded");
    assertThat(health.body().at("/external_services/stations").asText()).isEqualTo("unavailable");
    assertThat(health.body().at("/external_services/users").asText()).isEqualTo("unavailable");
    assertThat(health.body().at("/circuit_breakers/stations").asText()).isEqualTo("OPEN");
    assertThat(health.body().at("/circuit_breakers/users").asText()).isEqualTo("CLOSED");
  }

  @Test
  void theServiceComingBackClosesTheBreakerThroughHalfOpen() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> stations.find("station-1"))
          .isInstanceOf(ExternalServiceException.class);
    }
    assertThat(fetch("/api/v1/health").body().at("/circuit_breakers/stations").asText())
        .isEqualTo("OPEN");

    WireMockServer back = new WireMockServer(options().bindAddress("127.0.0.1").port(DEAD_PORT));
    back.start();
    try {
      back.stubFor(
          get(urlPathEqualTo("/station-data"))
              .willReturn(
                  okJson(
                      "{\"id\":\"station-1\",\"tariff_id\":\"tariff-1\",\"location\":{\"lat\":55.7558,"
                          + "\"lon\":37.6173},\"available_powerbanks\":10}")));
      back.stubFor(
          get(urlPathEqualTo("/tariff"))
              .willReturn(
                  okJson(
                      "{\"id\":\"tariff-1\",\"price_per_hour\":60,\"free_period_min\":5,"
                          + "\"deposit\":500}")));
      back.stubFor(
          get(urlPathEqualTo("/user-profile"))
              .willReturn(
                  okJson("{\"id\":\"user-1\",\"trusted\":false,\"has_subscription\":false}")));
      back.stubFor(get(urlPathEqualTo("/configs")).willReturn(okJson(ExternalStubs.CONFIGS)));

      await()
          .atMost(Duration.ofSeconds(6))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  fetch("/api/v1/health")
                      .body()
                      .at("/circuit_breakers/stations")
                      .asText()
                      .equals("HALF_OPEN"));
      for (int i = 0; i < 3; i++) {
        Answer quote = quote("user-1", "station-1");
        assertThat(quote.status()).as(quote.body().toString()).isEqualTo(200);
      }

      Answer health = fetch("/api/v1/health");
      assertThat(health.body().at("/circuit_breakers/stations").asText()).isEqualTo("CLOSED");
      assertThat(health.body().at("/external_services/stations").asText()).isEqualTo("available");
    } finally {
      back.stop();
    }
  }

  private record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error").asText();
    }
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Answer quote(String userId, String stationId) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rentals/quote"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"user_id\":\"%s\",\"station_id\":\"%s\"}".formatted(userId, stationId))));
  }

  private Answer fetch(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
  }

  private static void assertError(Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.body().path("code").asText()).isEqualTo(code);
    assertThat(answer.error()).isNotBlank();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
