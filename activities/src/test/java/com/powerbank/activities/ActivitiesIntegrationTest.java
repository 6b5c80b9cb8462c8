package com.powerbank.activities;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests: the activities' Spring context on real PostgreSQL (Flyway-migrated schema
 * {@code activities_test}, emptied before each test) with the external services played by WireMock.
 * Every subclass shares one cached context.
 */
@SpringBootTest(classes = ActivitiesTestApplication.class)
public abstract class ActivitiesIntegrationTest {

  protected static final WireMockServer wireMock = StubsWireMock.server();

  @Autowired protected JdbcClient jdbc;

  @DynamicPropertySource
  static void stubsUrl(DynamicPropertyRegistry registry) {
    registry.add(ActivitiesConfiguration.URL_PROPERTY, () -> "http://127.0.0.1:" + wireMock.port());
  }

  @BeforeEach
  void emptyTablesAndStubs() {
    jdbc.sql("TRUNCATE quotes, rentals, payment_attempts, debts RESTART IDENTITY").update();
    wireMock.resetAll();
  }

  /** A random rental id, as {@code RentalIds} would mint. */
  protected static String newRentalId() {
    return UUID.randomUUID().toString();
  }

  /** Inserts a quote row ({@code rentals.quote_id} references it) and returns its id. */
  protected String insertQuote(String userId, String stationId) {
    UUID quoteId = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO quotes (quote_id, user_id, station_id, tariff_id, price_per_hour,
                                free_period_min, deposit, expires_at)
            VALUES (:quoteId, :userId, :stationId, 'tariff-1', 60, 5, 500, :expiresAt)
            """)
        .param("quoteId", quoteId)
        .param("userId", userId)
        .param("stationId", stationId)
        .param("expiresAt", OffsetDateTime.ofInstant(Instant.now().plusSeconds(60), ZoneOffset.UTC))
        .update();
    return quoteId.toString();
  }
}
