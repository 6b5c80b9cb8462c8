package com.powerbank.workflows.rental;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One powerbank rental, from deposit hold to settlement (SPEC §1, §5, §8). The workflow id is the
 * rental id. Started by the API with Update-with-Start ({@link #awaitStarted}), stopped with the
 * {@link #stop} update, read with the {@link #state} query.
 */
@WorkflowInterface
public interface RentalWorkflow {

  /** Task queue every rental runs on (SPEC §8). */
  String TASK_QUEUE = "rentals";

  /**
   * Holds the deposit, ejects a powerbank, bills every tick until stop or buyout, settles, and
   * collects leftover debt for up to 30 days.
   *
   * @return the receipt; status FAILED when the rental never started
   */
  @WorkflowMethod
  RentalReceipt run(RentalInput input);

  /**
   * Returns once the deposit is held and the powerbank ejected.
   *
   * @throws io.temporal.failure.ApplicationFailure of type {@link RentalFailures#DEPOSIT_DECLINED},
   *     {@link RentalFailures#EJECT_FAILED} or {@link RentalFailures#PAYMENTS_UNAVAILABLE}
   */
  @UpdateMethod
  StartResult awaitStarted();

  /**
   * Ends the rental at the requested moment: final charge to the second, powerbank docked, open
   * debt captured from the hold, the rest released. A repeated stop returns the same receipt.
   *
   * @throws io.temporal.failure.ApplicationFailure of type {@link RentalFailures#RENTAL_NOT_ACTIVE}
   *     when the rental is PENDING, FAILED, BUYOUT or ending as a buyout
   */
  @UpdateMethod
  RentalReceipt stop(StopRequest request);

  /** Rejects, before it enters history, a stop without a return station. */
  @UpdateValidatorMethod(updateName = "stop")
  void validateStop(StopRequest request);

  /** The live state of the rental. */
  @QueryMethod
  RentalView state();
}
