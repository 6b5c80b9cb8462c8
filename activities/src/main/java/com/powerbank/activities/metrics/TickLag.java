package com.powerbank.activities.metrics;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.RentalSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * How late a billing tick was charged (SPEC §5: tick n is due at {@code started_at + n *
 * BILLING_TICK_SEC}), from what the read-model write sees: the entry's key {@code <rental_id>:<n>},
 * the snapshot's {@code startedAtMillis}, and the snapshot's {@code version}, which the workflow
 * makes from its clock at the task that charged ({@code workflow time in ms *} {@value
 * #VERSIONS_PER_MILLI}, see {@code RentalWorkflowImpl.saveSnapshot}). Workflow time is the start of
 * that workflow task, so the lag is timer delay plus task scheduling, the figure a slow worker or
 * an overloaded Temporal raises.
 */
public final class TickLag {

  /** The workflow's snapshot versions per millisecond of workflow time. */
  static final long VERSIONS_PER_MILLI = 64;

  private TickLag() {}

  /**
   * @param snapshot the snapshot that carried the entry
   * @param entry a ledger entry of that snapshot
   * @param billingTickSec the rental's tick, seconds ({@code > 0})
   * @return the lag of a tick charge; empty for other entries, a rental without a start time, or a
   *     version that is not made from the workflow's clock (older histories)
   */
  public static Optional<Duration> of(
      RentalSnapshot snapshot, LedgerEntry entry, long billingTickSec) {
    if (entry.kind() != PaymentKind.CHARGE
        || snapshot.startedAtMillis() == null
        || billingTickSec <= 0) {
      return Optional.empty();
    }
    String prefix = snapshot.rentalId() + ":";
    String key = entry.idempotencyKey();
    if (key == null || !key.startsWith(prefix)) {
      return Optional.empty();
    }
    long tick;
    try {
      tick = Long.parseLong(key.substring(prefix.length()));
    } catch (NumberFormatException notATick) {
      return Optional.empty();
    }
    long due = snapshot.startedAtMillis() + tick * billingTickSec * 1000;
    long chargedAt = snapshot.version() / VERSIONS_PER_MILLI;
    if (chargedAt < due) {
      return Optional.empty(); // not a clock-made version: nothing to tell
    }
    return Optional.of(Duration.ofMillis(chargedAt - due));
  }
}
