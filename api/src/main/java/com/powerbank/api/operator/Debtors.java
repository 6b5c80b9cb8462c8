package com.powerbank.api.operator;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Users with open debt, from the read model's {@code debts} table (SPEC §7). */
@Repository
public class Debtors {

  /** Most users listed (largest debt first). */
  public static final int LIMIT = 200;

  private static final String OPEN_DEBT_BY_USER =
      "SELECT user_id, SUM(amount) AS debt, COUNT(*) AS rentals FROM debts WHERE amount > 0"
          + " GROUP BY user_id ORDER BY debt DESC, user_id LIMIT "
          + LIMIT;

  private final JdbcTemplate jdbc;

  public Debtors(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @return at most {@value #LIMIT} users with debt {@code > 0}, largest first
   * @throws org.springframework.dao.DataAccessException when the database fails (503 by the
   *     exception handler)
   */
  public List<Debtor> list() {
    return jdbc.query(
        OPEN_DEBT_BY_USER,
        (rs, n) -> new Debtor(rs.getString("user_id"), rs.getLong("debt"), rs.getLong("rentals")));
  }
}
