package com.powerbank.api.rental;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code stop_requests} table, which the API alone writes: which rental and return station each
 * stop {@code Idempotency-Key} was first used for, per user (SPEC §4 stop: the same key with
 * another rental or station is 422).
 */
@Repository
public class StopKeyRepository {

  /**
   * What a stop key was used for.
   *
   * @param rentalId the rental stopped
   * @param returnStationId where the powerbank was returned
   */
  public record StopKey(String rentalId, String returnStationId) {}

  private final JdbcTemplate jdbc;

  public StopKeyRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** What the user's key was first used for, if it was used. */
  public Optional<StopKey> find(String userId, UUID key) {
    return jdbc
        .query(
            "SELECT rental_id::text, return_station_id FROM stop_requests"
                + " WHERE user_id = ? AND idempotency_key = ?",
            (rs, n) -> new StopKey(rs.getString(1), rs.getString(2)),
            userId,
            key)
        .stream()
        .findFirst();
  }

  /**
   * Ties the user's key to {@code use} unless it is tied already (atomically: of two concurrent
   * first uses, one wins).
   *
   * @return what the key is tied to now: {@code use}, or what it was first used for
   */
  public StopKey bind(String userId, UUID key, StopKey use) {
    jdbc.update(
        "INSERT INTO stop_requests (user_id, idempotency_key, rental_id, return_station_id)"
            + " VALUES (?, ?, ?::uuid, ?) ON CONFLICT (user_id, idempotency_key) DO NOTHING",
        userId,
        key,
        use.rentalId(),
        use.returnStationId());
    return find(userId, key).orElse(use);
  }
}
