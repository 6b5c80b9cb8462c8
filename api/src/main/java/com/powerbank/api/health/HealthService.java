package com.powerbank.api.health;

import com.powerbank.api.external.ExternalCalls;
import com.powerbank.api.external.StubsHttp;
import com.powerbank.api.web.TemporalProbe;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Probes every dependency in parallel, each with a short timeout (SPEC §4 health): PostgreSQL
 * ({@code SELECT 1}), Temporal ({@code GetSystemInfo}), and one cheap GET per external service. The
 * probes bypass the circuit breakers (they neither wait on nor count toward them); the breakers'
 * states are reported beside them.
 */
@Service
public class HealthService implements DisposableBean {

  private final JdbcTemplate jdbc;
  private final TemporalProbe temporal;
  private final StubsHttp stubs;
  private final ExternalCalls calls;
  private final Duration timeout;
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

  public HealthService(
      DataSource dataSource,
      TemporalProbe temporal,
      StubsHttp stubs,
      ExternalCalls calls,
      @Value("${powerbank.health.timeout:2s}") Duration timeout) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
    this.temporal = temporal;
    this.stubs = stubs;
    this.calls = calls;
    this.timeout = timeout;
  }

  /** Runs the probes; never throws. */
  public HealthResponse check() {
    CompletableFuture<Boolean> database = probe(this::databaseAnswers);
    CompletableFuture<Boolean> temporalUp = probe(() -> temporal.answers(timeout));
    CompletableFuture<Boolean> stations = probe(() -> stubs.answers("/station-data?id=station-1"));
    CompletableFuture<Boolean> tariffs = probe(() -> stubs.answers("/tariff?id=tariff-1"));
    CompletableFuture<Boolean> users = probe(() -> stubs.answers("/user-profile?id=health-check"));
    // The payments service has no side-effect-free GET to probe. It is served from the same
    // external host as the configs, so it counts as available when that host answers GET /configs.
    CompletableFuture<Boolean> payments = probe(() -> stubs.answers("/configs"));

    boolean dbUp = result(database);
    boolean temporalOk = result(temporalUp);
    HealthResponse.ExternalServices external =
        new HealthResponse.ExternalServices(
            available(result(stations)),
            available(result(tariffs)),
            available(result(users)),
            available(result(payments)));
    boolean allExternal =
        external.stations().equals("available")
            && external.tariffs().equals("available")
            && external.users().equals("available")
            && external.payments().equals("available");
    String status = !dbUp || !temporalOk ? "unhealthy" : allExternal ? "healthy" : "degraded";
    return new HealthResponse(
        status,
        dbUp ? "connected" : "disconnected",
        temporalOk ? "connected" : "disconnected",
        external,
        breakers());
  }

  private HealthResponse.CircuitBreakers breakers() {
    Map<String, CircuitBreaker.State> states = calls.breakerStates();
    return new HealthResponse.CircuitBreakers(
        states.get(ExternalCalls.STATIONS),
        states.get(ExternalCalls.TARIFFS),
        states.get(ExternalCalls.USERS),
        states.get(ExternalCalls.CONFIGS));
  }

  private boolean databaseAnswers() {
    Integer one = jdbc.queryForObject("SELECT 1", Integer.class);
    return one != null && one == 1;
  }

  private CompletableFuture<Boolean> probe(Supplier<Boolean> check) {
    return CompletableFuture.supplyAsync(check, probes)
        .completeOnTimeout(false, timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
        .exceptionally(e -> false);
  }

  private static boolean result(CompletableFuture<Boolean> probe) {
    return Boolean.TRUE.equals(probe.join());
  }

  private static String available(boolean up) {
    return up ? "available" : "unavailable";
  }

  @Override
  public void destroy() {
    probes.shutdownNow();
  }
}
