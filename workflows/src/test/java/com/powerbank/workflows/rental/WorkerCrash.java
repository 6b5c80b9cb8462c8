package com.powerbank.workflows.rental;

import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Simulates a worker killed right after a local activity moved money or wrote the read model: when
 * armed, the first live (not replayed) local activity whose argument matches completes, and then
 * its workflow task fails instead of completing, as if the process died before reporting it. The
 * task is retried from history, where that local activity left no trace (issue 6).
 */
final class WorkerCrash extends WorkerInterceptorBase {

  private final AtomicReference<Predicate<Object>> crashAfter = new AtomicReference<>();

  /** The next live local activity whose first argument matches "crashes" its worker, once. */
  void arm(Predicate<Object> firstArgument) {
    crashAfter.set(firstArgument);
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(new CrashingOutbound(outbound));
      }
    };
  }

  private final class CrashingOutbound extends WorkflowOutboundCallsInterceptorBase {

    CrashingOutbound(WorkflowOutboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
      LocalActivityOutput<R> output = super.executeLocalActivity(input);
      Predicate<Object> armed = crashAfter.get();
      if (!Workflow.isReplaying()
          && armed != null
          && input.getArgs().length > 0
          && armed.test(input.getArgs()[0])
          && crashAfter.compareAndSet(armed, null)) {
        output.getResult().get(); // the money has moved, or the snapshot was written ...
        throw new Error("simulated kill -9 of the worker after " + input.getActivityName());
      }
      return output;
    }
  }
}
