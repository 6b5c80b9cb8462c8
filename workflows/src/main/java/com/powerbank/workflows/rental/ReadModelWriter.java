package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.RentalStoreActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The workflow side of the read model (SPEC §7): remembers ledger entries until the next write,
 * writes the whole snapshot of a {@link RentalState} through the {@code readModel} local activity,
 * and retries with back-off while the database is unreachable. Used from the workflow thread only.
 */
final class ReadModelWriter {

  /** Shortest pause between two read-model write attempts while the database is unreachable. */
  private static final Duration RETRY = Duration.ofSeconds(5);

  /** Longest pause between two read-model write attempts. */
  private static final Duration RETRY_MAX = Duration.ofMinutes(1);

  private final RentalStoreActivities readModel;
  private final RentalInput input;
  private final RentalState state;

  ReadModelWriter(RentalStoreActivities readModel, RentalInput input, RentalState state) {
    this.readModel = readModel;
    this.input = input;
    this.state = state;
  }

  /** Remembers a payment outcome until the next write puts it into the ledger. */
  void record(LedgerEntry entry) {
    state.unwrittenPayments.add(entry);
  }

  /** The moment of the next retry after a failed write (epoch ms), or null when up to date. */
  Long retryAt() {
    return state.readModelRetryAtMillis;
  }

  /** Whether a failed write is due again at {@code now} (only on the exactly-once path). */
  boolean due(long now, boolean exactlyOnce) {
    return exactlyOnce && retryAt() != null && now >= retryAt();
  }

  /**
   * Writes the read model and the ledger entries not written yet, and refreshes the Web UI's
   * current details. A failed write never fails nor holds up the rental: the state stays in the
   * workflow, and the write is tried again with back-off (the snapshot is whole, so the next one
   * carries everything).
   *
   * <p>The version is made from workflow time, which a replay reproduces and which only grows: a
   * task retried after a crash writes higher versions than the lost task did, so the read model
   * never goes back.
   */
  void save() {
    state.snapshotVersion = Math.max(state.snapshotVersion + 1, Workflow.currentTimeMillis() * 64);
    List<LedgerEntry> batch = List.copyOf(state.unwrittenPayments);
    try {
      readModel.saveSnapshot(state.snapshot(input, batch));
      state.unwrittenPayments.subList(0, batch.size()).clear();
      state.readModelRetryAtMillis = null;
      state.readModelFailures = 0;
    } catch (ActivityFailure e) {
      state.readModelFailures++;
      long delay =
          Math.min(
              RETRY.toMillis() << Math.min(state.readModelFailures - 1, 10), RETRY_MAX.toMillis());
      state.readModelRetryAtMillis = Workflow.currentTimeMillis() + delay;
    }
    showProgress();
  }

  /** A one-line summary for the Web UI's "current details". */
  void showProgress() {
    Workflow.setCurrentDetails(state.summary());
  }
}
