package com.powerbank.workflows.billing;

import java.time.Duration;

/**
 * Back-off between debt collection attempts (SPEC §5): the first attempt 60 s after the debt arose,
 * then 120 s, 240 s, ... after each failed attempt, capped at 1 hour.
 */
public final class DebtBackoff {

  /** Delay after the first failed attempt. */
  public static final Duration INITIAL = Duration.ofSeconds(60);

  /** Longest delay between two attempts. */
  public static final Duration MAX = Duration.ofHours(1);

  /** How long debt left after a rental ended is still collected (SPEC §5). */
  public static final Duration COLLECTION_WINDOW = Duration.ofDays(30);

  private DebtBackoff() {}

  /**
   * @param failedAttempts how many collection attempts in a row have failed so far ({@code >= 0})
   * @return the wait before the next attempt: 60 s * 2^failedAttempts, never more than 1 h
   */
  public static Duration delayAfter(int failedAttempts) {
    if (failedAttempts >= 6) {
      return MAX; // 60 s * 2^6 = 64 min > 1 h
    }
    Duration delay = INITIAL.multipliedBy(1L << Math.max(0, failedAttempts));
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
