package com.powerbank.workflows.rental;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.function.BooleanSupplier;

/**
 * Runs each pass of a long-lived loop (a billing step) in a cancellation scope of its own, so that
 * what the SDK keeps for each timer and activity of a pass can be freed once the pass ends (issue
 * 8, worker memory). Workflow thread only.
 *
 * <p>Why: SDK 1.38 registers a cancellation callback for every timer, activity and local activity
 * on the current scope's cancellation promise ({@code SyncWorkflowContext}), and the workflow's
 * root scope keeps them until the run ends. Each callback holds the call's state machine, its
 * parameters (the serialized arguments) and its result, so a cached rental grew by about 7.6 KB a
 * tick until continue-as-new. A child scope would not help: a scope whose cancellation promise was
 * asked for stays among its parent's children. A detached scope is referenced by nobody once its
 * pass has ended.
 *
 * <p>Behaviour is kept: scopes emit no commands, and a cancellation of the workflow (the root
 * scope) still reaches the timer or activity of the pass that is running, through one callback on
 * the root scope that cancels the current pass's scope, as a child scope would be cancelled.
 */
final class StepScopes {

  private CancellationScope root;
  private CancellationScope current;

  /** Runs {@code step} in a scope of its own. Not re-entrant. */
  void run(Runnable step) {
    run(
        () -> {
          step.run();
          return false;
        });
  }

  /** Runs {@code step} in a scope of its own and returns its answer. Not re-entrant. */
  boolean run(BooleanSupplier step) {
    if (current != null) {
      throw new IllegalStateException("a step is already running");
    }
    if (root == null) {
      root = CancellationScope.current();
      root.getCancellationRequest()
          .thenApply(
              reason -> {
                if (current != null) {
                  current.cancel(reason);
                }
                return null;
              });
    }
    boolean[] answer = new boolean[1];
    CancellationScope scope =
        Workflow.newDetachedCancellationScope(() -> answer[0] = step.getAsBoolean());
    if (root.isCancelRequested()) {
      scope.cancel(root.getCancellationReason());
    }
    current = scope;
    try {
      scope.run();
    } finally {
      current = null;
    }
    return answer[0];
  }
}
