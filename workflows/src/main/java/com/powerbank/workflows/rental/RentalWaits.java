package com.powerbank.workflows.rental;

import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * How a rental workflow waits: durable timers that a stop cuts short while the rental is active,
 * and continue-as-new when the history grows long (SPEC §8). Workflow thread only.
 */
final class RentalWaits {

  private final RentalInput input;
  private final RentalState state;

  RentalWaits(RentalInput input, RentalState state) {
    this.input = input;
    this.state = state;
  }

  /** The earliest of the given moments (epoch ms); null ones are ignored. */
  static long earliest(Long... moments) {
    long min = Long.MAX_VALUE;
    for (Long m : moments) {
      if (m != null) {
        min = Math.min(min, m);
      }
    }
    return min;
  }

  /** Whether {@code moment} (epoch ms, may be null) is the moment {@code wakeAt}. */
  static boolean is(Long moment, long wakeAt) {
    return moment != null && moment == wakeAt;
  }

  /**
   * Sleeps until {@code wakeAt}, or until a stop arrives while the rental is still active; {@code
   * what} is the timer's summary in the Web UI (user metadata only, the same commands as {@code
   * Workflow.await}: {@link RentalSummaries#await}).
   */
  void sleepUntil(long wakeAt, TimerOptions what) {
    long wait = wakeAt - Workflow.currentTimeMillis();
    if (wait > 0) {
      RentalSummaries.await(Duration.ofMillis(wait), what, this::stopWhileActive);
    }
  }

  /**
   * Waits until {@code wakeAt}, or until a stop arrives while the rental is still active. When
   * {@code wakeAt} has already passed (a late wake-up catching up), it still ends the workflow task
   * with a minimal timer, so that each billing step is a task of its own and a stop that arrived
   * meanwhile is seen before the next one. {@code what} is the timer's summary in the Web UI.
   */
  void waitForNextStep(long wakeAt, TimerOptions what) {
    long wait = Math.max(1, wakeAt - Workflow.currentTimeMillis());
    RentalSummaries.await(Duration.ofMillis(wait), what, this::stopWhileActive);
  }

  /**
   * Keeps histories bounded (SPEC §8): continues as new, carrying the {@link RentalState} as it is.
   * Never while an update is being handled: its caller would lose the answer.
   */
  void continueAsNewIfHistoryIsLong() {
    if (state.stopRequested) {
      return;
    }
    if (Workflow.getInfo().getHistoryLength() < input.continueAsNewThreshold()
        && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    // A stop arriving now waits for its receipt, so it must win over continue-as-new.
    Workflow.await(() -> Workflow.isEveryHandlerFinished() || state.stopRequested);
    if (!state.stopRequested) {
      Workflow.continueAsNew(input.withProgress(state));
    }
  }

  private boolean stopWhileActive() {
    return state.stopRequested && state.status == RentalStatus.ACTIVE;
  }
}
