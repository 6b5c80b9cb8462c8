package com.powerbank.activities.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges of the whole network, read from the read model (SPEC §7), not from this worker's own
 * rentals: {@code powerbank_rentals_open{status="pending"|"active"}} (rentals not ended) and {@code
 * powerbank_debt_open_rub} (unpaid debt over all users, whole rubles). Every worker copy reports
 * the same values: aggregate them with {@code max}, never {@code sum}.
 *
 * <p>Two indexed queries, run at most once per {@code powerbank.metrics.read-model-max-age}
 * (default 10 s) however often Prometheus scrapes; while the database does not answer the gauges
 * keep their last values (asked again after the same time).
 */
@Component
public class ReadModelGauges {

  private static final Logger log = LoggerFactory.getLogger(ReadModelGauges.class);

  private static final String OPEN_RENTALS =
      "SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,"
          + " count(*) FILTER (WHERE status = 'ACTIVE') AS active"
          + " FROM rentals WHERE status IN ('PENDING', 'ACTIVE')";

  private static final String OPEN_DEBT =
      "SELECT COALESCE(SUM(amount), 0) FROM debts WHERE amount > 0";

  private final JdbcClient jdbc;
  private final Duration maxAge;
  private final Clock clock;
  private volatile Values values = new Values(0, 0, 0, Long.MIN_VALUE);

  /** The network's figures at one moment; {@code readAtMillis} from the clock. */
  private record Values(long pending, long active, long debt, long readAtMillis) {}

  @Autowired
  public ReadModelGauges(
      JdbcClient jdbc,
      ObjectProvider<MeterRegistry> registries,
      @Value("${powerbank.metrics.read-model-max-age:10s}") Duration maxAge) {
    this(jdbc, registries.getIfAvailable(SimpleMeterRegistry::new), maxAge, Clock.systemUTC());
  }

  ReadModelGauges(JdbcClient jdbc, MeterRegistry registry, Duration maxAge, Clock clock) {
    this.jdbc = jdbc;
    this.maxAge = maxAge;
    this.clock = clock;
    Gauge.builder("powerbank.rentals.open", this, g -> g.current().pending())
        .description("Rentals not ended, over the whole network (read model)")
        .tag("status", "pending")
        .register(registry);
    Gauge.builder("powerbank.rentals.open", this, g -> g.current().active())
        .description("Rentals not ended, over the whole network (read model)")
        .tag("status", "active")
        .register(registry);
    Gauge.builder("powerbank.debt.open", this, g -> g.current().debt())
        .description("Unpaid debt of all users (read model)")
        .baseUnit(RentalMetrics.CURRENCY)
        .register(registry);
  }

  private synchronized Values current() {
    long now = clock.millis();
    boolean read = values.readAtMillis() != Long.MIN_VALUE;
    if (read && now - values.readAtMillis() < maxAge.toMillis()) {
      return values;
    }
    try {
      Map<String, Object> open = jdbc.sql(OPEN_RENTALS).query().singleRow();
      long debt = jdbc.sql(OPEN_DEBT).query(Long.class).single();
      values =
          new Values(
              ((Number) open.get("pending")).longValue(),
              ((Number) open.get("active")).longValue(),
              debt,
              now);
    } catch (RuntimeException e) {
      // keep the last figures, and do not ask again before maxAge: a scrape must not hang on it
      values = new Values(values.pending(), values.active(), values.debt(), now);
      log.debug("read-model gauges not refreshed: {}", e.toString());
    }
    return values;
  }
}
