package com.powerbank.api.quote;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code quotes} table (SPEC §7), which the API alone writes: new quotes, and the claim that
 * ties a quote to the one rental started from it.
 */
@Repository
public class QuoteRepository {

  private static final String COLUMNS =
      "quote_id, user_id, station_id, tariff_id, price_per_hour, free_period_min, deposit,"
          + " currency, created_at, expires_at, rental_id";

  private final JdbcTemplate jdbc;

  public QuoteRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new, unclaimed quote. */
  public void insert(Quote q) {
    jdbc.update(
        "INSERT INTO quotes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        q.quoteId(),
        q.userId(),
        q.stationId(),
        q.tariffId(),
        q.pricePerHour(),
        q.freePeriodMin(),
        q.deposit(),
        q.currency(),
        Timestamp.from(q.createdAt()),
        Timestamp.from(q.expiresAt()));
  }

  /** The quote with this id, if any. */
  public Optional<Quote> findById(UUID quoteId) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM quotes WHERE quote_id = ?", QuoteRepository::row, quoteId)
        .stream()
        .findFirst();
  }

  /** The quote claimed by {@code rentalId}, if any (at most one: {@code rental_id} is unique). */
  public Optional<Quote> findClaimedBy(UUID rentalId) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM quotes WHERE rental_id = ?",
            QuoteRepository::row,
            rentalId)
        .stream()
        .findFirst();
  }

  /**
   * Claims the quote for the rental, atomically: succeeds when the quote is unclaimed and not
   * expired at {@code now}, or already claimed by this very rental (a repeated start).
   *
   * @return true when the quote is now claimed by {@code rentalId}
   * @throws org.springframework.dao.DuplicateKeyException when {@code rentalId} already claimed
   *     another quote (the unique index on {@code rental_id})
   */
  public boolean claim(UUID quoteId, UUID rentalId, Instant now) {
    return jdbc.update(
            "UPDATE quotes SET rental_id = ? WHERE quote_id = ?"
                + " AND (rental_id = ? OR (rental_id IS NULL AND expires_at > ?))",
            rentalId,
            quoteId,
            rentalId,
            Timestamp.from(now))
        == 1;
  }

  /**
   * Records on the claimed quote the {@code BILLING_TICK_SEC} its rental starts with (migration
   * V4), for the worker's tick-lag metric. The first start of the rental wins: a repeated start
   * joins the running workflow, which keeps its terms.
   *
   * @param quoteId the claimed quote
   * @param billingTickSec seconds between billing ticks
   */
  public void recordBillingTick(UUID quoteId, long billingTickSec) {
    jdbc.update(
        "UPDATE quotes SET billing_tick_sec = ? WHERE quote_id = ? AND billing_tick_sec IS NULL",
        billingTickSec,
        quoteId);
  }

  private static Quote row(ResultSet rs, int n) throws SQLException {
    return new Quote(
        rs.getObject("quote_id", UUID.class),
        rs.getString("user_id"),
        rs.getString("station_id"),
        rs.getString("tariff_id"),
        rs.getLong("price_per_hour"),
        rs.getLong("free_period_min"),
        rs.getLong("deposit"),
        rs.getString("currency"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        rs.getObject("rental_id", UUID.class));
  }
}
