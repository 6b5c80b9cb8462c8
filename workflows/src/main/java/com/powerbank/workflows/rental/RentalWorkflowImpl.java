package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.RentalStoreActivities;
import com.powerbank.workflows.activities.StationActivities;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.DebtBackoff;
import com.powerbank.workflows.billing.RentalTerms;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.function.Function;

/**
 * The rental process of SPEC §5, top to bottom: hold the deposit, eject a powerbank, bill on
 * durable timers until stop or buyout, settle against the hold, then collect what is still owed.
 *
 * <p>All state lives in one {@link RentalState} and travels across continue-as-new as it is.
 * Handlers only set or read it; the main method does the work, with plain workflow-side helpers:
 * {@link DebtCollection} (the debt rule), {@link RentalEnding} (stop, buyout, settlement), {@link
 * ReadModelWriter} (the read model and ledger), {@link RentalWaits} (timers, continue-as-new) and
 * {@link LegacyBilling} (the loop of runs started before {@link #EXACTLY_ONCE}). Time comes only
 * from {@link Workflow#currentTimeMillis()}.
 *
 * <p>Money exactly once across crashes ({@link #EXACTLY_ONCE}): a charge runs as a local activity,
 * so a worker that dies after the payments service took the money but before its workflow task
 * completed leaves no trace of it in history. The retried task must therefore redo, under the same
 * keys and in the same order, everything the lost task could have done, before it looks at a stop
 * that arrived meanwhile. Hence: one billing step (tick, then debt) per workflow task, decided only
 * by durable values and by "has its time come", and the stop handled after that step.
 */
public class RentalWorkflowImpl implements RentalWorkflow {

  // Stubs of calls that carry a Web UI summary ("charge 30 for tick 12") are made per call.
  private final Function<String, PaymentActivities> depositHold =
      RentalSummaries.stubs(PaymentActivities.class, RentalActivityOptions.HOLD);
  private final Function<String, PaymentActivities> localDepositHold =
      RentalSummaries.localStubs(PaymentActivities.class, RentalActivityOptions.LOCAL_HOLD);
  private final Function<String, PaymentActivities> tickCharges =
      RentalSummaries.localStubs(PaymentActivities.class, RentalActivityOptions.CHARGE);
  private final Function<String, PaymentActivities> finalCharge =
      RentalSummaries.stubs(PaymentActivities.class, RentalActivityOptions.FINAL_CHARGE);
  private final Function<String, StationActivities> ejector =
      RentalSummaries.stubs(StationActivities.class, RentalActivityOptions.EJECT);
  private final Function<String, StationActivities> localEjector =
      RentalSummaries.localStubs(StationActivities.class, RentalActivityOptions.LOCAL_EJECT);
  private final PaymentActivities settlement =
      Workflow.newActivityStub(PaymentActivities.class, RentalActivityOptions.SETTLEMENT);
  private final StationActivities dock =
      Workflow.newActivityStub(StationActivities.class, RentalActivityOptions.SETTLEMENT);
  private final RentalStoreActivities readModel =
      Workflow.newLocalActivityStub(RentalStoreActivities.class, RentalActivityOptions.STORE);

  /**
   * Change id of "money exactly once across crashes" (issue 6, version 1): one billing step per
   * workflow task, the due tick charged before a stop is handled, an overcharge at stop given back,
   * debt back-off from scheduled times, the {@code R_MAX_RENTAL_HOURS} buyout, per-run hold keys,
   * and a run that failed because payments were unavailable ends as a failed run (so the same
   * idempotency key may start it again).
   */
  static final String EXACTLY_ONCE = "exactly-once-across-crashes";

  /**
   * Change id of "the start in one workflow task" (issue 8, version 1): the deposit hold and the
   * eject run as local activities, so a start is one workflow task (hold, eject, read-model write,
   * the update's answer) instead of three workflow tasks and two activity tasks through the server.
   */
  static final String START_IN_ONE_TASK = "start-in-one-task";

  /** Change id of "release the hold before answering a refused eject" (version 1). */
  static final String RELEASE_BEFORE_ANSWER = "release-before-answer";

  private final RentalInput input;
  private final RentalTerms terms;
  private final String id;
  private final RentalState state;
  private final ReadModelWriter writer;
  private final RentalWaits waits;

  /** Each billing or debt step runs in a scope of its own, so its SDK state can be freed. */
  private final StepScopes steps = new StepScopes();

  /** Chosen once, at the top of {@link #run}: whether this run took {@link #EXACTLY_ONCE}. */
  private boolean exactlyOnce;

  private DebtCollection debts;
  private RentalEnding ending;

  /** Runs before any handler, so updates that arrive with the start see a ready workflow. */
  @WorkflowInit
  public RentalWorkflowImpl(RentalInput input) {
    this.input = input;
    this.terms = input.terms();
    this.id = input.rentalId();
    this.state = input.progress() != null ? input.progress() : new RentalState();
    this.writer = new ReadModelWriter(readModel, input, state);
    this.waits = new RentalWaits(input, state);
  }

  @Override
  public RentalReceipt run(RentalInput ignored) {
    exactlyOnce = Workflow.getVersion(EXACTLY_ONCE, Workflow.DEFAULT_VERSION, 1) >= 1;
    debts = new DebtCollection(tickCharges, input, state, writer, exactlyOnce);
    ending =
        new RentalEnding(settlement, finalCharge, dock, input, state, debts, writer, exactlyOnce);
    // The start runs in a step scope too, so its calls' SDK state is freed once it is done.
    if (input.progress() != null || steps.run(this::startRental)) {
      writer.showProgress();
      if (state.status == RentalStatus.ACTIVE) {
        billUntilTheEnd();
      }
      collectLeftoverDebt();
    }
    if (exactlyOnce) {
      catchUpReadModel();
    }
    // Updates that arrive while the run completes (a repeated stop) still get their answer.
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (exactlyOnce && RentalFailures.PAYMENTS_UNAVAILABLE.equals(state.failureCode)) {
      // Nothing was held (the hold was voided) nor ejected: a failed run lets the API start the
      // same rental id again when the client retries the 503 with the same Idempotency-Key.
      throw ApplicationFailure.newNonRetryableFailure(
          RentalFailures.messageOf(state.failureCode), state.failureCode);
    }
    return state.receipt;
  }

  @Override
  public StartResult awaitStarted() {
    Workflow.await(() -> state.status != RentalStatus.PENDING);
    if (state.status == RentalStatus.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(
          RentalFailures.messageOf(state.failureCode), state.failureCode);
    }
    return new StartResult(id, state.powerbankId, RentalStatus.ACTIVE, state.startedAtMillis, 0);
  }

  @Override
  public void validateStop(StopRequest request) {
    if (request == null || request.returnStationId() == null) {
      throw new IllegalArgumentException("return station is required");
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The state check is here rather than in {@link #validateStop}: SDK 1.38 strips the type of a
   * validator's {@link ApplicationFailure} (temporalio/sdk-java#2875), and the API needs {@link
   * RentalFailures#RENTAL_NOT_ACTIVE} to answer 409.
   */
  @Override
  public RentalReceipt stop(StopRequest request) {
    boolean stoppable =
        (state.status == RentalStatus.ACTIVE && !state.endingAsBuyout)
            || state.status == RentalStatus.FINISHED;
    if (!stoppable) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Rental is " + state.shownStatus() + " and cannot be stopped",
          RentalFailures.RENTAL_NOT_ACTIVE);
    }
    if (!state.stopRequested && state.receipt == null) {
      state.stopRequested = true;
      state.stopRequestedAt = request.requestedAtMillis();
      state.returnStationId = request.returnStationId();
    }
    Workflow.await(() -> state.receipt != null);
    return state.receipt;
  }

  @Override
  public RentalView state() {
    return state.view(input);
  }

  // ---- start: hold, then eject; compensate the hold if the eject fails ----

  private boolean startRental() {
    boolean inOneTask = Workflow.getVersion(START_IN_ONE_TASK, Workflow.DEFAULT_VERSION, 1) >= 1;
    writer.save();
    if (!holdDeposit(inOneTask ? localDepositHold : depositHold)) {
      return false;
    }
    try {
      // Retried with the same key until the station gives a final answer: a timed-out eject may
      // have handed out a bank, so it is never taken for a failed one (RentalActivityOptions).
      String summary = RentalSummaries.eject(input.stationId());
      StationActivities station = (inOneTask ? localEjector : ejector).apply(summary);
      state.powerbankId = station.eject(id, input.stationId());
    } catch (ActivityFailure e) {
      return failAndReleaseHold(RentalFailures.EJECT_FAILED);
    }
    state.startedAtMillis = Workflow.currentTimeMillis();
    state.status = RentalStatus.ACTIVE;
    Workflow.upsertTypedSearchAttributes(
        RentalSearchAttributes.RENTAL_STATUS.valueSet(state.status.name()),
        RentalSearchAttributes.POWERBANK_ID.valueSet(state.powerbankId));
    writer.save();
    return true;
  }

  /**
   * Holds the deposit (SPEC §5) through {@code payments} (local or ordinary activity stubs, by
   * summary); on failure fails the start and returns false.
   */
  private boolean holdDeposit(Function<String, PaymentActivities> payments) {
    PaymentRequest deposit =
        input.payment(terms.tariff().deposit(), ending.holdKey("hold"), PaymentKind.HOLD);
    try {
      payments.apply(RentalSummaries.hold(deposit.amount())).holdDeposit(deposit);
      writer.record(LedgerEntry.succeeded(deposit, deposit.amount()));
      return true;
    } catch (ActivityFailure e) {
      if (PaymentActivities.DEPOSIT_DECLINED.equals(RentalFailures.typeOf(e))) {
        writer.record(
            LedgerEntry.failed(deposit, RentalFailures.reasonOf(e, LedgerEntry.DECLINED)));
        ending.fail(RentalFailures.DEPOSIT_DECLINED);
        return false;
      }
      // A hold that timed out may still have gone through: void it to be sure.
      writer.record(LedgerEntry.failed(deposit, LedgerEntry.UNKNOWN_OUTCOME));
      return failAndReleaseHold(RentalFailures.PAYMENTS_UNAVAILABLE);
    }
  }

  /**
   * Fails the start and releases the hold (retried until payments answers). After a refused eject
   * the hold is released first, so a client told {@code EJECT_FAILED} finds its money no longer
   * held (SPEC §4; {@link #RELEASE_BEFORE_ANSWER}): payments has just answered the hold. When
   * payments did not answer the hold, the start is answered first (503 at once rather than after an
   * outage), and the release follows.
   */
  private boolean failAndReleaseHold(String code) {
    boolean releaseFirst =
        Workflow.getVersion(RELEASE_BEFORE_ANSWER, Workflow.DEFAULT_VERSION, 1) >= 1
            && RentalFailures.EJECT_FAILED.equals(code);
    if (releaseFirst) {
      ending.releaseHold();
      ending.fail(code);
      return false;
    }
    ending.fail(code);
    ending.releaseHold();
    if (exactlyOnce) {
      writer.save(); // the release's ledger entry
    }
    return false;
  }

  // ---- billing: one loop around "wait for the next tick or a stop, then charge what is due" ----

  /** The billing path is chosen once: the loop of {@link #EXACTLY_ONCE}, or the legacy one. */
  private void billUntilTheEnd() {
    if (exactlyOnce) {
      bill();
    } else {
      new LegacyBilling(tickCharges, finalCharge, input, state, debts, ending, writer, waits)
          .bill();
    }
  }

  /**
   * The billing loop (SPEC §5, issue 6). Each pass is one workflow task: sleep until the next tick
   * or debt attempt is due (or a read-model retry, the maximum rental time, or a stop); charge the
   * tick whose time has come; collect debt whose time has come; then stop or buy out.
   */
  private void bill() {
    long mustEndAt = state.startedAtMillis + terms.maxRentalDuration().toMillis();
    boolean ended = false;
    while (!ended) {
      waits.continueAsNewIfHistoryIsLong();
      ended = steps.run(() -> billingStep(mustEndAt));
    }
  }

  /** One pass of {@link #bill}, in a scope of its own ({@link StepScopes}); true once it ended. */
  private boolean billingStep(long mustEndAt) {
    long nextTickAt = state.startedAtMillis + (state.lastTick + 1) * terms.billingTick().toMillis();
    long wakeAt =
        RentalWaits.earliest(nextTickAt, debts.nextAttemptAt(), writer.retryAt(), mustEndAt);
    waits.waitForNextStep(wakeAt, billingTimer(wakeAt, nextTickAt));
    long now = Workflow.currentTimeMillis();
    // A lost task may have charged this tick before it saw a stop: charge it again (same key,
    // same amount, so the payments service answers its first answer) before the stop.
    boolean changed = now >= nextTickAt && nextTickAt <= mustEndAt && chargeNextTick();
    if (debts.due(now)) {
      debts.collect(debts.nextAttemptAt());
      changed = true;
    }
    if (endIfDue(now, mustEndAt)) {
      return true;
    }
    if ((changed && writer.retryAt() == null) || writer.due(now, exactlyOnce)) {
      writer.save();
    }
    return false;
  }

  /**
   * The Web UI summary of the billing loop's timer: whichever step wakes it at {@code wakeAt} (the
   * tick first when several are due at once).
   */
  private TimerOptions billingTimer(long wakeAt, long nextTickAt) {
    if (wakeAt == nextTickAt) {
      return RentalSummaries.tickTimer(state.lastTick + 1);
    }
    if (RentalWaits.is(debts.nextAttemptAt(), wakeAt)) {
      return RentalSummaries.debtTimer(state.debtAttempts + 1);
    }
    if (RentalWaits.is(writer.retryAt(), wakeAt)) {
      return RentalSummaries.readModelRetryTimer();
    }
    return RentalSummaries.maxRentalTimeTimer();
  }

  /** Charges the next tick: what is due after it, less what was paid or is owed already. */
  private boolean chargeNextTick() {
    state.lastTick++;
    long due = Billing.due(terms, state.lastTick * terms.billingTickSec());
    return debts.charge(
        Billing.outstanding(due, state.paid, state.debt), ":" + state.lastTick, PaymentKind.CHARGE);
  }

  /** Ends on a stop, on reaching the buyout price, or at the maximum rental time. */
  private boolean endIfDue(long now, long mustEndAt) {
    if (state.stopRequested) {
      ending.finishOnStop(now);
    } else if (Billing.reachedBuyout(terms, state.paid, state.debt)) {
      ending.finishAsBuyout(
          state.startedAtMillis + state.lastTick * terms.billingTick().toMillis());
    } else if (now >= mustEndAt) {
      ending.finishAsBuyout(mustEndAt);
    } else {
      return false;
    }
    return true;
  }

  // ---- after the end ----

  /** Debt beyond the deposit is collected with the same back-off for up to 30 days (SPEC §5). */
  private void collectLeftoverDebt() {
    if (state.finishedAtMillis == null || state.status == RentalStatus.FAILED) {
      return;
    }
    long giveUpAt = state.finishedAtMillis + DebtBackoff.COLLECTION_WINDOW.toMillis();
    while (state.debt > 0 && Workflow.currentTimeMillis() < giveUpAt) {
      waits.continueAsNewIfHistoryIsLong();
      steps.run(() -> leftoverDebtStep(giveUpAt));
    }
    if (state.debt > 0) {
      debts.giveUp();
      writer.save();
    }
  }

  /** One pass of {@link #collectLeftoverDebt}, in a scope of its own ({@link StepScopes}). */
  private void leftoverDebtStep(long giveUpAt) {
    Long retryAt = exactlyOnce ? writer.retryAt() : null;
    long wakeAt = RentalWaits.earliest(debts.nextAttemptAt(), giveUpAt, retryAt);
    waits.sleepUntil(wakeAt, leftoverDebtTimer(wakeAt, retryAt));
    long now = Workflow.currentTimeMillis();
    if (debts.due(now)) {
      debts.collect(debts.nextAttemptAt());
      writer.save();
    } else if (writer.due(now, exactlyOnce)) {
      writer.save();
    }
  }

  /** The Web UI summary of the wait for leftover debt: the attempt, a read-model retry, the end. */
  private TimerOptions leftoverDebtTimer(long wakeAt, Long retryAt) {
    if (RentalWaits.is(debts.nextAttemptAt(), wakeAt)) {
      return RentalSummaries.debtTimer(state.debtAttempts + 1);
    }
    if (RentalWaits.is(retryAt, wakeAt)) {
      return RentalSummaries.readModelRetryTimer();
    }
    return RentalSummaries.debtWindowEndTimer();
  }

  /**
   * Before the run completes, writes what the read model still lacks; waits (durably) while the
   * database is unreachable, so the final state and every ledger entry land eventually.
   */
  private void catchUpReadModel() {
    while (writer.retryAt() != null) {
      waits.sleepUntil(writer.retryAt(), RentalSummaries.readModelRetryTimer());
      writer.save();
    }
  }
}
