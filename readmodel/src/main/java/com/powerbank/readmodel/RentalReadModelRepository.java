package com.powerbank.readmodel;

import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.rental.RentalStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rental read model, tables {@code rentals} and {@code debts} (SPEC §7). Written only from
 * workflow snapshots; Temporal stays the source of truth for the lifecycle, this is what the API
 * reads.
 */
@Repository
public class RentalReadModelRepository {

  private static final String UPSERT_RENTAL =
      """
      INSERT INTO rentals
          (rental_id, quote_id, user_id, station_id, return_station_id, powerbank_id, status,
           failure_code, price_per_hour, free_period_min, deposit, buyout_price, started_at,
           finished_at, paid_amount, debt_amount, total_amount, version)
      VALUES
          (:rentalId, :quoteId, :userId, :stationId, :returnStationId, :powerbankId, :status,
           :failureCode, :pricePerHour, :freePeriodMin, :deposit, :buyoutPrice, :startedAt,
           :finishedAt, :paidAmount, :debtAmount, :totalAmount, :version)
      ON CONFLICT (rental_id) DO UPDATE
         SET quote_id = EXCLUDED.quote_id,
             user_id = EXCLUDED.user_id,
             station_id = EXCLUDED.station_id,
             return_station_id = EXCLUDED.return_station_id,
             powerbank_id = EXCLUDED.powerbank_id,
             status = EXCLUDED.status,
             failure_code = EXCLUDED.failure_code,
             price_per_hour = EXCLUDED.price_per_hour,
             free_period_min = EXCLUDED.free_period_min,
             deposit = EXCLUDED.deposit,
             buyout_price = EXCLUDED.buyout_price,
             started_at = EXCLUDED.started_at,
             finished_at = EXCLUDED.finished_at,
             paid_amount = EXCLUDED.paid_amount,
             debt_amount = EXCLUDED.debt_amount,
             total_amount = EXCLUDED.total_amount,
             version = EXCLUDED.version,
             updated_at = now()
       WHERE rentals.version < EXCLUDED.version
      """;

  private static final String UPSERT_DEBT =
      """
      INSERT INTO debts (rental_id, user_id, amount, attempts, next_attempt_at)
      VALUES (:rentalId, :userId, :amount, :attempts, :nextAttemptAt)
      ON CONFLICT (rental_id) DO UPDATE
         SET user_id = EXCLUDED.user_id,
             amount = EXCLUDED.amount,
             attempts = EXCLUDED.attempts,
             next_attempt_at = EXCLUDED.next_attempt_at,
             updated_at = now()
      """;

  private static final String SELECT_RENTAL =
      """
      SELECT rental_id, quote_id, user_id, station_id, return_station_id, powerbank_id, status,
             failure_code, price_per_hour, free_period_min, deposit, buyout_price, started_at,
             finished_at, paid_amount, debt_amount, total_amount, version, created_at, updated_at
        FROM rentals
       WHERE rental_id = :rentalId
      """;

  private static final String SELECT_DEBT =
      """
      SELECT rental_id, user_id, amount, attempts, next_attempt_at, updated_at
        FROM debts
       WHERE rental_id = :rentalId
      """;

  private static final String STATUS_FOR_UPDATE =
      "SELECT status FROM rentals WHERE rental_id = :rentalId FOR UPDATE";

  private static final String OPEN_DEBT_OF_USER =
      "SELECT COALESCE(SUM(amount), 0) FROM debts WHERE user_id = :userId AND amount > 0";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public RentalReadModelRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Writes a snapshot: upserts the {@code rentals} row unless the stored one has the same or a
   * newer {@code version}, and in the same transaction its {@code debts} row (inserted or updated
   * while there is debt; set to 0 once paid off; never created for a rental without debt). A stale
   * snapshot changes neither table, so retried and out-of-order writes are harmless.
   *
   * @param snapshot the workflow's view; ids are UUID strings, times epoch milliseconds
   * @return true when the snapshot was newer and was written, false when it was stale
   * @throws IllegalArgumentException when the rental or quote id is not a UUID
   * @throws org.springframework.dao.DataAccessException when the database fails, or the quote row
   *     does not exist ({@code rentals.quote_id} references {@code quotes})
   */
  public boolean save(RentalSnapshot snapshot) {
    return write(snapshot).written();
  }

  /**
   * As {@link #save}, and tells the status the row had before, so a status change is counted once
   * however often a retried snapshot repeats it (the business metrics). The row is locked before it
   * is read.
   *
   * @param snapshot as for {@link #save}
   * @return whether the snapshot was written, and the stored status it replaced (null when the row
   *     is new)
   * @throws IllegalArgumentException as for {@link #save}
   * @throws org.springframework.dao.DataAccessException as for {@link #save}
   */
  public RentalWrite write(RentalSnapshot snapshot) {
    UUID rentalId = Columns.requireUuid(snapshot.rentalId(), "rental id");
    UUID quoteId = Columns.requireUuid(snapshot.quoteId(), "quote id");
    RentalWrite written =
        transaction.execute(
            status -> {
              RentalStatus prior =
                  jdbc.sql(STATUS_FOR_UPDATE)
                      .param("rentalId", rentalId)
                      .query((rs, n) -> RentalStatus.valueOf(rs.getString("status")))
                      .optional()
                      .orElse(null);
              boolean newer = upsertRental(rentalId, quoteId, snapshot) == 1;
              if (newer) {
                writeDebt(rentalId, snapshot);
              }
              return new RentalWrite(newer, prior);
            });
    return written == null ? new RentalWrite(false, null) : written;
  }

  /**
   * The read model row of one rental.
   *
   * @param rentalId the rental id; any text (not a UUID: empty)
   * @return the row, or empty when the rental was never written
   */
  public Optional<RentalRow> findById(String rentalId) {
    return Columns.uuid(rentalId)
        .flatMap(
            id ->
                jdbc.sql(SELECT_RENTAL)
                    .param("rentalId", id)
                    .query(RentalReadModelRepository::rentalRow)
                    .optional());
  }

  /**
   * The debt row of one rental.
   *
   * @param rentalId the rental id; any text (not a UUID: empty)
   * @return the row, or empty when the rental never had debt
   */
  public Optional<DebtRow> findDebt(String rentalId) {
    return Columns.uuid(rentalId)
        .flatMap(
            id ->
                jdbc.sql(SELECT_DEBT)
                    .param("rentalId", id)
                    .query(RentalReadModelRepository::debtRow)
                    .optional());
  }

  /**
   * What a user owes over all rentals, for the quote check (SPEC §4: a user with unpaid debt gets
   * 409 {@code USER_HAS_DEBT}).
   *
   * @return whole currency units, 0 when nothing is open
   */
  public long openDebtOf(String userId) {
    return jdbc.sql(OPEN_DEBT_OF_USER).param("userId", userId).query(Long.class).single();
  }

  /**
   * The {@code BILLING_TICK_SEC} the rental of {@code quoteId} started with, as the api recorded it
   * on the quote at start (migration V4).
   *
   * @param quoteId the quote's id; any text (not a UUID: empty)
   * @return seconds between ticks, empty when unknown (a rental started before the column)
   */
  public Optional<Long> billingTickSecOf(String quoteId) {
    return Columns.uuid(quoteId)
        .flatMap(
            id ->
                jdbc.sql("SELECT billing_tick_sec FROM quotes WHERE quote_id = :quoteId")
                    .param("quoteId", id)
                    .query(
                        (rs, n) ->
                            Optional.ofNullable(
                                (Long) rs.getObject("billing_tick_sec", Long.class)))
                    .optional()
                    .flatMap(tick -> tick));
  }

  private int upsertRental(UUID rentalId, UUID quoteId, RentalSnapshot s) {
    return jdbc.sql(UPSERT_RENTAL)
        .param("rentalId", rentalId)
        .param("quoteId", quoteId)
        .param("userId", s.userId())
        .param("stationId", s.stationId())
        .param("returnStationId", s.returnStationId(), Types.VARCHAR)
        .param("powerbankId", s.powerbankId(), Types.VARCHAR)
        .param("status", s.status().name())
        .param("failureCode", s.failureCode(), Types.VARCHAR)
        .param("pricePerHour", s.pricePerHour())
        .param("freePeriodMin", s.freePeriodMin())
        .param("deposit", s.deposit())
        .param("buyoutPrice", s.buyoutPrice())
        .param("startedAt", Columns.timestamp(s.startedAtMillis()), Types.TIMESTAMP_WITH_TIMEZONE)
        .param("finishedAt", Columns.timestamp(s.finishedAtMillis()), Types.TIMESTAMP_WITH_TIMEZONE)
        .param("paidAmount", s.paidAmount())
        .param("debtAmount", s.debtAmount())
        .param("totalAmount", s.totalAmount())
        .param("version", s.version())
        .update();
  }

  private void writeDebt(UUID rentalId, RentalSnapshot s) {
    JdbcClient.StatementSpec statement =
        s.debtAmount() > 0
            ? jdbc.sql(UPSERT_DEBT)
                .param("userId", s.userId())
                .param("amount", s.debtAmount())
                .param(
                    "nextAttemptAt",
                    Columns.timestamp(s.nextDebtAttemptAtMillis()),
                    Types.TIMESTAMP_WITH_TIMEZONE)
            // paid off: close the open row once; later snapshots find nothing to change
            : jdbc.sql(
                "UPDATE debts SET amount = 0, attempts = :attempts, next_attempt_at = NULL,"
                    + " updated_at = now() WHERE rental_id = :rentalId AND amount > 0");
    statement.param("rentalId", rentalId).param("attempts", s.debtAttempts()).update();
  }

  private static RentalRow rentalRow(ResultSet rs, int rowNum) throws SQLException {
    return new RentalRow(
        rs.getObject("rental_id", UUID.class).toString(),
        rs.getObject("quote_id", UUID.class).toString(),
        rs.getString("user_id"),
        rs.getString("station_id"),
        rs.getString("return_station_id"),
        rs.getString("powerbank_id"),
        RentalStatus.valueOf(rs.getString("status")),
        rs.getString("failure_code"),
        rs.getLong("price_per_hour"),
        rs.getLong("free_period_min"),
        rs.getLong("deposit"),
        rs.getLong("buyout_price"),
        Columns.instant(rs, "started_at"),
        Columns.instant(rs, "finished_at"),
        rs.getLong("paid_amount"),
        rs.getLong("debt_amount"),
        rs.getLong("total_amount"),
        rs.getLong("version"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "updated_at"));
  }

  private static DebtRow debtRow(ResultSet rs, int rowNum) throws SQLException {
    return new DebtRow(
        rs.getObject("rental_id", UUID.class).toString(),
        rs.getString("user_id"),
        rs.getLong("amount"),
        rs.getInt("attempts"),
        Columns.instant(rs, "next_attempt_at"),
        Columns.instant(rs, "updated_at"));
  }
}
