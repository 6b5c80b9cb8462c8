package com.powerbank.api.external;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.powerbank.api.ApiIntegrationTest;
import com.powerbank.api.ExternalStubs;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.caffeine.CaffeineCache;

/**
 * Outbound resilience of the api's synchronous calls (issue 7): per external service a bulkhead,
 * circuit breaker and time limiter ({@link ExternalCalls}), on the real api, real PostgreSQL and
 * WireMock as the external services. Production settings (application.properties) except that an
 * open breaker tries again after 2 s (application-test.properties). Measured times are printed as
 * {@code MEASURE ...} lines to the test's output file.
 */
class ExternalResilienceTest extends ApiIntegrationTest {

  /** The time limiter's timeout in application.properties. */
  private static final Duration TIME_LIMIT = Duration.ofMillis(1500);

  /** A WireMock delay beyond the time limit (and beyond the 2 s read timeout). */
  private static final int TOO_SLOW_MS = 2500;

  /** What "fails fast" means here: no network call, no waiting on a timeout. */
  private static final Duration FAST = Duration.ofMillis(300);

  /** The breaker needs this many calls before it can open (minimum-number-of-calls). */
  private static final int CALLS_TO_OPEN = 5;

  @Autowired private BulkheadRegistry bulkheads;

  // ---- stations: 503 fast ----

  @Test
  void stations5xxAre503AndOpenTheBreakerThenQuotesFailFastWithoutCallingIt() {
    fault("/station-data", aResponse().withStatus(503));

    for (int i = 0; i < CALLS_TO_OPEN; i++) {
      assertError(quote("user-1", "station-1"), 503, "STATIONS_UNAVAILABLE");
    }
    assertThat(breaker("stations")).isEqualTo("OPEN");

    Timed<Answer> open = timed(() -> quote("user-1", "station-1"));

    assertError(open.value(), 503, "STATIONS_UNAVAILABLE");
    assertThat(open.value().error()).contains("circuit breaker open");
    assertThat(open.took()).isLessThan(FAST);
    stubs.verify(CALLS_TO_OPEN, getRequestedFor(urlPathEqualTo("/station-data")));
    assertThat(rowCounts().get("quotes")).isZero();
    measure("stations 503, breaker open: quote answered 503 in", open.took());
  }

  @Test
  void stationsSlowerThanTheTimeLimitAre503AtTheLimitThenFailFast() throws Exception {
    fault("/station-data", okJson("{}").withFixedDelay(TOO_SLOW_MS));

    // five at once: each waits the time limit, not the read timeout nor WireMock's delay
    List<Timed<Answer>> slow = concurrently(CALLS_TO_OPEN, () -> quote("user-1", "station-1"));

    for (Timed<Answer> answer : slow) {
      assertError(answer.value(), 503, "STATIONS_UNAVAILABLE");
      assertThat(answer.value().error()).contains("timed out");
      assertThat(answer.took()).isBetween(TIME_LIMIT.minusMillis(100), Duration.ofMillis(2000));
    }
    assertThat(breaker("stations")).isEqualTo("OPEN");

    Timed<Answer> open = timed(() -> quote("user-1", "station-1"));

    assertError(open.value(), 503, "STATIONS_UNAVAILABLE");
    assertThat(open.took()).isLessThan(FAST);
    measure("stations slow, time limit: quote answered 503 in", maxTook(slow));
    measure("stations slow, breaker open: quote answered 503 in", open.took());
  }

  @Test
  void stationsConnectionResetIs503() {
    fault("/station-data", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    Timed<Answer> reset = timed(() -> quote("user-1", "station-1"));

    assertError(reset.value(), 503, "STATIONS_UNAVAILABLE");
    assertThat(reset.took()).isLessThan(TIME_LIMIT);
  }

  @Test
  void unknownStationsStay404AndNeverOpenTheBreaker() {
    for (int i = 0; i < 2 * CALLS_TO_OPEN; i++) {
      assertError(quote("user-1", "no-such-station-" + i), 404, "STATION_NOT_FOUND");
    }

    assertThat(breaker("stations")).isEqualTo("CLOSED");
    assertThat(breakers.circuitBreaker("stations").getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(quote("user-1", "station-1").status()).isEqualTo(200);
  }

  @Test
  void openStationsBreakerRecoversThroughHalfOpen() {
    StubMapping down = fault("/station-data", aResponse().withStatus(503));
    openByQuotes("stations", "STATIONS_UNAVAILABLE");
    stubs.removeStub(down);

    // still open: refused at once although the service is back
    assertError(quote("user-1", "station-1"), 503, "STATIONS_UNAVAILABLE");
    // after wait-duration-in-open-state (2 s in tests) it lets trial calls through
    long openedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> breaker("stations").equals("HALF_OPEN"));
    measure(
        "stations breaker OPEN -> HALF_OPEN after", Duration.ofNanos(System.nanoTime() - openedAt));

    for (int i = 0; i < 3; i++) {
      Answer trial = quote("user-1", "station-1");
      assertThat(trial.status()).as(trial.raw()).isEqualTo(200);
    }
    assertThat(breaker("stations")).isEqualTo("CLOSED");
    assertThat(quote("user-2", "station-2").status()).isEqualTo(200);
  }

  @Test
  void aFailingTrialCallReopensTheBreaker() {
    fault("/station-data", aResponse().withStatus(500));
    openByQuotes("stations", "STATIONS_UNAVAILABLE");
    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> breaker("stations").equals("HALF_OPEN"));

    // the trial calls (3) fail: the breaker opens again. Under load a trial call can still be in
    // flight when the next quote is refused, so quotes go on (each a 503) until it is OPEN.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              assertError(quote("user-1", "station-1"), 503, "STATIONS_UNAVAILABLE");
              return breaker("stations").equals("OPEN");
            });
  }

  @Test
  void stopFailsFastWhileTheStationsBreakerIsOpen() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    fault("/station-data", aResponse().withStatus(503));
    for (int i = 0; i < CALLS_TO_OPEN; i++) {
      assertError(quote("user-1", "station-1"), 503, "STATIONS_UNAVAILABLE");
    }

    Timed<Answer> stop = timed(() -> stop(UUID.randomUUID(), rentalId, "station-2"));

    assertError(stop.value(), 503, "STATIONS_UNAVAILABLE");
    assertThat(stop.took()).isLessThan(FAST);
    measure("stations breaker open: stop answered 503 in", stop.took());
  }

  // ---- bulkhead: a slow service holds a bounded number of request threads ----

  @Test
  void aSlowServiceHoldsNoMoreThreadsThanItsBulkhead() throws Exception {
    Bulkhead bulkhead = bulkheads.bulkhead("stations");
    BulkheadConfig production = bulkhead.getBulkheadConfig();
    assertThat(production.getMaxConcurrentCalls()).isEqualTo(40);
    // shrunk for the test, so a handful of slow calls fill it (WireMock has few threads)
    bulkhead.changeConfig(
        BulkheadConfig.from(production)
            .maxConcurrentCalls(2)
            .maxWaitDuration(Duration.ZERO)
            .build());
    try {
      fault("/station-data", okJson("{}").withFixedDelay(TOO_SLOW_MS));

      List<Timed<Answer>> answers = concurrently(6, () -> quote("user-1", "station-1"));

      List<Timed<Answer>> rejected =
          answers.stream()
              .filter(a -> a.value().error().contains("too many calls in flight"))
              .toList();
      List<Timed<Answer>> timedOut =
          answers.stream().filter(a -> a.value().error().contains("timed out")).toList();
      answers.forEach(a -> assertError(a.value(), 503, "STATIONS_UNAVAILABLE"));
      assertThat(timedOut).hasSize(2);
      assertThat(rejected).hasSize(4);
      rejected.forEach(a -> assertThat(a.took()).isLessThan(TIME_LIMIT));
      // rejections are not the service's failures: two timeouts do not open the breaker
      assertThat(breaker("stations")).isEqualTo("CLOSED");
      measure("stations bulkhead full: quote answered 503 in at most", maxTook(rejected));
    } finally {
      bulkhead.changeConfig(production);
    }
  }

  // ---- users: the untrusted profile, but an unknown user stays 404 ----

  @Test
  void users5xxFallBackToUntrustedThenTheOpenBreakerSkipsTheCall() {
    fault("/user-profile", aResponse().withStatus(500));

    for (int i = 0; i < CALLS_TO_OPEN; i++) {
      Answer answer = quote("trusted-bob", "station-1");
      assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
      assertThat(answer.body().get("deposit").asLong()).isEqualTo(500);
    }
    assertThat(breaker("users")).isEqualTo("OPEN");

    Timed<Answer> open = timed(() -> quote("trusted-bob", "station-1"));

    assertThat(open.value().status()).isEqualTo(200);
    assertThat(open.value().body().get("deposit").asLong()).isEqualTo(500);
    assertThat(open.took()).isLessThan(FAST);
    stubs.verify(CALLS_TO_OPEN, getRequestedFor(urlPathEqualTo("/user-profile")));
    measure("users breaker open: quote (untrusted deposit) answered 200 in", open.took());
  }

  @Test
  void usersSlowerThanTheTimeLimitFallBackToUntrustedAtTheLimit() {
    fault("/user-profile", okJson("{}").withFixedDelay(TOO_SLOW_MS));

    Timed<Answer> slow = timed(() -> quote("trusted-bob", "station-1"));

    assertThat(slow.value().status()).as(slow.value().raw()).isEqualTo(200);
    assertThat(slow.value().body().get("deposit").asLong()).isEqualTo(500);
    assertThat(slow.took()).isBetween(TIME_LIMIT.minusMillis(100), Duration.ofMillis(2000));
    measure("users slow, time limit: quote (untrusted deposit) answered 200 in", slow.took());
  }

  @Test
  void unknownUsersStay404AndNeverOpenTheBreaker() {
    fault(
        "/user-profile",
        aResponse()
            .withStatus(404)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"User not found\",\"code\":\"USER_NOT_FOUND\"}"));

    for (int i = 0; i < 2 * CALLS_TO_OPEN; i++) {
      assertError(quote("ghost-" + i, "station-1"), 404, "USER_NOT_FOUND");
    }

    assertThat(breaker("users")).isEqualTo("CLOSED");
    assertThat(breakers.circuitBreaker("users").getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(rowCounts().get("quotes")).isZero();
  }

  // ---- tariffs: 10-minute cache, last good value while failing ----

  @Test
  void tariffCacheIsBoundedAndKeepsEntriesAtMostTenMinutes() {
    Cache<Object, Object> fresh = nativeCache(TariffsClient.CACHE);
    assertThat(fresh.policy().expireAfterWrite().orElseThrow().getExpiresAfter())
        .isLessThanOrEqualTo(Duration.ofMinutes(10));
    assertThat(fresh.policy().eviction().orElseThrow().getMaximum()).isEqualTo(1000);
    Cache<Object, Object> lastGood = nativeCache(LastGoodCaches.TARIFFS);
    assertThat(lastGood.policy().eviction().orElseThrow().getMaximum()).isEqualTo(1000);
    assertThat(nativeCache(LastGoodCaches.CONFIGS).policy().eviction().orElseThrow().getMaximum())
        .isEqualTo(1);
  }

  @Test
  void tariffsFailingServeTheLastGoodTariffAndAChangeShowsOnceTheyAnswer() {
    assertThat(quote("user-1", "station-1").body().get("price_per_hour").asLong()).isEqualTo(60);
    expireTariffCache();
    StubMapping down = fault("/tariff", aResponse().withStatus(503));

    for (int i = 0; i < CALLS_TO_OPEN; i++) {
      Answer answer = quote("user-1", "station-1");
      assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
      assertThat(answer.body().get("price_per_hour").asLong()).isEqualTo(60);
    }
    assertThat(breaker("tariffs")).isEqualTo("OPEN");
    Timed<Answer> open = timed(() -> quote("user-1", "station-1"));
    assertThat(open.value().status()).isEqualTo(200);
    assertThat(open.value().body().get("price_per_hour").asLong()).isEqualTo(60);
    assertThat(open.took()).isLessThan(FAST);
    measure("tariffs breaker open: quote (last good tariff) answered 200 in", open.took());

    // the service is back with a new price: the stale value was never put back into the cache
    stubs.removeStub(down);
    ExternalStubs.tariff("tariff-1", 120, 5, 500);
    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> breaker("tariffs").equals("HALF_OPEN"));
    assertThat(quote("user-1", "station-1").body().get("price_per_hour").asLong()).isEqualTo(120);
  }

  @Test
  void tariffsSlowServeTheLastGoodTariffAtTheTimeLimit() {
    assertThat(quote("user-1", "station-1").status()).isEqualTo(200);
    expireTariffCache();
    fault("/tariff", okJson("{}").withFixedDelay(TOO_SLOW_MS));

    Timed<Answer> slow = timed(() -> quote("user-1", "station-1"));

    assertThat(slow.value().status()).as(slow.value().raw()).isEqualTo(200);
    assertThat(slow.value().body().get("price_per_hour").asLong()).isEqualTo(60);
    assertThat(slow.took()).isBetween(TIME_LIMIT.minusMillis(100), Duration.ofMillis(2000));
  }

  @Test
  void tariffsFailingWithoutALastGoodTariffAre503() {
    fault("/tariff", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertError(quote("user-1", "station-1"), 503, "TARIFFS_UNAVAILABLE");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  @Test
  void anUnknownTariffIs503ButNeverOpensTheBreaker() {
    // every tariff unknown to the tariffs service: the station points at a tariff that is gone
    fault(
        "/tariff",
        aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("{}"));

    for (int i = 0; i < 2 * CALLS_TO_OPEN; i++) {
      assertError(quote("user-1", "station-fast"), 503, "TARIFFS_UNAVAILABLE");
    }

    assertThat(breaker("tariffs")).isEqualTo("CLOSED");
    assertThat(breakers.circuitBreaker("tariffs").getMetrics().getNumberOfFailedCalls()).isZero();
  }

  // ---- configs: read fresh, the last good answer while failing ----

  @Test
  void configsFailingServeTheLastGoodAnswerThenTheOpenBreakerSkipsTheCall() {
    assertThat(quote("user-1", "station-1").body().get("expires_in_sec").asLong()).isEqualTo(60);
    fault("/configs", okJson(ExternalStubs.CONFIGS).withFixedDelay(TOO_SLOW_MS));

    Timed<Answer> slow = timed(() -> quote("user-1", "station-1"));
    assertThat(slow.value().status()).as(slow.value().raw()).isEqualTo(200);
    assertThat(slow.took()).isBetween(TIME_LIMIT.minusMillis(100), Duration.ofMillis(2000));
    fault("/configs", aResponse().withStatus(503));
    for (int i = 1; i < CALLS_TO_OPEN; i++) {
      assertThat(quote("user-1", "station-1").status()).isEqualTo(200);
    }
    assertThat(breaker("configs")).isEqualTo("OPEN");

    int calls = requests("/configs");

    Timed<Answer> open = timed(() -> quote("user-1", "station-1"));
    Answer start = start(UUID.randomUUID(), quoteId("user-2", "station-1"));

    assertThat(open.value().status()).isEqualTo(200);
    assertThat(open.value().body().get("expires_in_sec").asLong()).isEqualTo(60);
    assertThat(open.took()).isLessThan(FAST);
    assertThat(start.status()).as(start.raw()).isEqualTo(200);
    assertThat(requests("/configs")).isEqualTo(calls);
    measure("configs breaker open: quote (last good configs) answered 200 in", open.took());
  }

  @Test
  void configsFailingWithoutALastGoodAnswerAre503() {
    fault("/configs", aResponse().withStatus(500));

    assertError(quote("user-1", "station-1"), 503, "CONFIGS_UNAVAILABLE");
    assertThat(rowCounts().get("quotes")).isZero();
  }

  // ---- health ----

  @Test
  void healthShowsEachBreakersState() {
    fault("/station-data", aResponse().withStatus(503));
    openByQuotes("stations", "STATIONS_UNAVAILABLE");

    Answer health = fetch("/api/v1/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().get("status").asText()).isEqualTo("degraded");
    assertThat(health.body().at("/external_services/stations").asText()).isEqualTo("unavailable");
    assertThat(health.body().at("/circuit_breakers/stations").asText()).isEqualTo("OPEN");
    assertThat(health.body().at("/circuit_breakers/tariffs").asText()).isEqualTo("CLOSED");
    assertThat(health.body().at("/circuit_breakers/users").asText()).isEqualTo("CLOSED");
    assertThat(health.body().at("/circuit_breakers/configs").asText()).isEqualTo("CLOSED");
  }

  // ---- helpers ----

  /** A value and how long it took to get it. */
  record Timed<T>(T value, Duration took) {}

  private static <T> Timed<T> timed(Supplier<T> call) {
    long t0 = System.nanoTime();
    T value = call.get();
    return new Timed<>(value, Duration.ofNanos(System.nanoTime() - t0));
  }

  private static <T> List<Timed<T>> concurrently(int n, Supplier<T> call) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Timed<T>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> timed(call)));
      }
      List<Timed<T>> results = new ArrayList<>();
      for (Future<Timed<T>> f : futures) {
        results.add(f.get());
      }
      return results;
    }
  }

  private static Duration maxTook(List<? extends Timed<?>> answers) {
    return answers.stream().map(Timed::took).max(Duration::compareTo).orElseThrow();
  }

  /** Overrides the seeded stub of {@code path} (any query) with {@code response}. */
  private StubMapping fault(
      String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    MappingBuilder mapping = get(urlPathEqualTo(path)).atPriority(1).willReturn(response);
    return stubs.stubFor(mapping);
  }

  private void openByQuotes(String breaker, String code) {
    for (int i = 0; i < CALLS_TO_OPEN; i++) {
      assertError(quote("user-1", "station-1"), 503, code);
    }
    assertThat(breaker(breaker)).isEqualTo("OPEN");
  }

  /** The breaker's state (what {@code GET /api/v1/health} shows, without its probes). */
  private String breaker(String service) {
    return breakers.circuitBreaker(service).getState().name();
  }

  private static int requests(String path) {
    return stubs.countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build()).getCount();
  }

  /** What 10 minutes would do to the tariffs cache. */
  private void expireTariffCache() {
    caches.getCache(TariffsClient.CACHE).clear();
  }

  @SuppressWarnings("unchecked")
  private Cache<Object, Object> nativeCache(String name) {
    return ((CaffeineCache) caches.getCache(name)).getNativeCache();
  }

  private static void measure(String what, Duration took) {
    System.out.printf("MEASURE %s %d ms%n", what, took.toMillis());
  }
}
