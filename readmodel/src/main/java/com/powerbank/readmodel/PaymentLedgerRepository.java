package com.powerbank.readmodel;

import com.powerbank.workflows.activities.PaymentKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment ledger, table {@code payment_attempts} (SPEC §7): one row per idempotency key, so the
 * sum of successful rows equals what the payments service moved (SPEC §5 invariant).
 */
@Repository
public class PaymentLedgerRepository {

  /** Longest error text stored; the column is {@code VARCHAR(500)}. */
  public static final int MAX_ERROR_LENGTH = 500;

  private static final String UPSERT =
      """
      INSERT INTO payment_attempts
          (rental_id, user_id, kind, amount, success, error, idempotency_key)
      VALUES (:rentalId, :userId, :kind, :amount, :success, :error, :idempotencyKey)
      ON CONFLICT (idempotency_key) DO UPDATE
         SET amount = EXCLUDED.amount,
             success = EXCLUDED.success,
             error = EXCLUDED.error,
             attempts = payment_attempts.attempts + 1,
             updated_at = now()
       WHERE payment_attempts.success = false
      RETURNING (xmax = 0) AS inserted
      """;

  private static final String PRIOR =
      "SELECT error FROM payment_attempts WHERE idempotency_key = :idempotencyKey FOR UPDATE";

  private static final String BY_RENTAL =
      """
      SELECT id, rental_id, user_id, kind, amount, success, error, idempotency_key, attempts,
             created_at, updated_at
        FROM payment_attempts
       WHERE rental_id = :rentalId
       ORDER BY created_at, id
      """;

  private final JdbcClient jdbc;

  public PaymentLedgerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records one attempt, keyed by its idempotency key. The first attempt inserts the row; later
   * ones update amount, success and error and count {@code attempts}, until one succeeds: a
   * successful row is never changed again, so a late or replayed failure cannot hide money that
   * moved.
   *
   * @param attempt the attempt; {@code rentalId} must be a UUID, {@code amount >= 0}
   * @return true when the row was written, false when it already held a success
   * @throws IllegalArgumentException when {@code rentalId} is not a UUID
   * @throws org.springframework.dao.DataAccessException when the database fails
   */
  public boolean record(PaymentAttempt attempt) {
    return write(attempt).written();
  }

  /**
   * As {@link #record}, and tells what the write changed, so that money is counted once per row
   * however often a retried snapshot repeats it (the business metrics). The row is locked first, so
   * the prior error it reports is the one this write replaced. Call it inside a transaction for the
   * lock to last until the write.
   *
   * @param attempt as for {@link #record}
   * @return what changed: nothing, a new row, or an update of a failed one (with its old error)
   * @throws IllegalArgumentException when {@code rentalId} is not a UUID
   * @throws org.springframework.dao.DataAccessException when the database fails
   */
  public LedgerChange write(PaymentAttempt attempt) {
    UUID rentalId = Columns.requireUuid(attempt.rentalId(), "rental id");
    Optional<String> priorError =
        jdbc.sql(PRIOR)
            .param("idempotencyKey", attempt.idempotencyKey())
            .query((rs, n) -> Optional.ofNullable(rs.getString("error")))
            .optional()
            .orElse(null);
    Optional<Boolean> inserted =
        jdbc.sql(UPSERT)
            .param("rentalId", rentalId)
            .param("userId", attempt.userId())
            .param("kind", attempt.kind().name())
            .param("amount", attempt.amount())
            .param("success", attempt.success())
            .param("error", truncate(attempt.error()), Types.VARCHAR)
            .param("idempotencyKey", attempt.idempotencyKey())
            .query(Boolean.class)
            .optional();
    if (inserted.isEmpty()) {
      return LedgerChange.NONE;
    }
    boolean isNew = inserted.get();
    return new LedgerChange(
        true, isNew, isNew || priorError == null ? null : priorError.orElse(null));
  }

  /**
   * The ledger of one rental in time order (first attempt, then row id): hold, charges, declines,
   * debt collections, capture, release (SPEC §4 {@code GET /api/v1/rentals/{id}/payments}).
   *
   * @param rentalId the rental id; any text (not a UUID: no rows)
   * @return the rental's rows, empty when none
   */
  public List<PaymentAttemptRow> findByRental(String rentalId) {
    return Columns.uuid(rentalId)
        .map(
            id ->
                jdbc.sql(BY_RENTAL)
                    .param("rentalId", id)
                    .query(PaymentLedgerRepository::row)
                    .list())
        .orElseGet(List::of);
  }

  private static PaymentAttemptRow row(ResultSet rs, int rowNum) throws SQLException {
    return new PaymentAttemptRow(
        rs.getLong("id"),
        rs.getObject("rental_id", UUID.class).toString(),
        rs.getString("user_id"),
        PaymentKind.valueOf(rs.getString("kind")),
        rs.getLong("amount"),
        rs.getBoolean("success"),
        rs.getString("error"),
        rs.getString("idempotency_key"),
        rs.getInt("attempts"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "updated_at"));
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }
}
