package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.ChargeOutcome;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import com.powerbank.workflows.activities.StationActivities;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.DebtBackoff;
import com.powerbank.workflows.billing.RentalTerms;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rental process of SPEC §5, top to bottom: hold the deposit, eject a powerbank, bill on
 * durable timers until stop or buyout, settle against the hold, then collect what is still owed.
 *
 * <p>All state lives in the fields below and travels across continue-as-new as a {@link
 * RentalProgress}. Handlers only set or read fields; the main method does the work. Time comes only
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

  private final PaymentActivities payments =
      Workflow.newActivityStub(PaymentActivities.class, RentalActivityOptions.SETTLEMENT);
  private final PaymentActivities hold =
      Workflow.newActivityStub(PaymentActivities.class, RentalActivityOptions.HOLD);
  private final PaymentActivities charges =
      Workflow.newLocalActivityStub(PaymentActivities.class, RentalActivityOptions.CHARGE);
  private final PaymentActivities finalCharge =
      Workflow.newActivityStub(PaymentActivities.class, RentalActivityOptions.FINAL_CHARGE);
  private final StationActivities eject =
      Workflow.newActivityStub(StationActivities.class, RentalActivityOptions.EJECT);
  private final StationActivities docking =
      Workflow.newActivityStub(StationActivities.class, RentalActivityOptions.SETTLEMENT);
  private final RentalStoreActivities store =
      Workflow.newLocalActivityStub(RentalStoreActivities.class, RentalActivityOptions.STORE);

  /**
   * Change id of "bill only from durable values" (version 1): the tick charged is the one its timer
   * was set for, and the final charge is an ordinary activity at the requested stop moment, so a
   * workflow task retried after a crash charges the same key with the same amount.
   */
  static final String BILL_FROM_HISTORY = "bill-from-history";

  /**
   * Change id of "money exactly once across crashes" (issue 6, version 1): one billing step per
   * workflow task, the due tick charged before a stop is handled, an overcharge at stop given back,
   * debt back-off from scheduled times, the {@code R_MAX_RENTAL_HOURS} buyout, per-run hold keys,
   * and a run that failed because payments were unavailable ends as a failed run (so the same
   * idempotency key may start it again).
   */
  static final String EXACTLY_ONCE = "exactly-once-across-crashes";

  /**
   * Change id of "the read model knows the end while the rental settles" (version 1): one more
   * read-model write when a stop or buyout has fixed the total, before the final charge.
   */
  static final String SETTLING_SNAPSHOT = "settling-snapshot";

  /** Change id of "release the hold before answering a refused eject" (version 1). */
  static final String RELEASE_BEFORE_ANSWER = "release-before-answer";

  /** Shortest pause between two read-model write attempts while the database is unreachable. */
  private static final Duration READ_MODEL_RETRY = Duration.ofSeconds(5);

  /** Longest pause between two read-model write attempts. */
  private static final Duration READ_MODEL_RETRY_MAX = Duration.ofMinutes(1);

  private final RentalInput input;
  private final RentalTerms terms;
  private final String id;

  private boolean exactlyOnce;
  private RentalStatus status = RentalStatus.PENDING;
  private String failureCode;
  private String powerbankId;
  private Long startedAt;
  private Long finishedAt;
  private String returnStationId;
  private long lastTick;
  private long paid;
  private long debt;
  private long totalAmount;
  private final List<PendingCharge> unresolved = new ArrayList<>();
  private long debtCharges;
  private int debtAttempts;
  private Long nextDebtAttemptAt;
  private RentalReceipt receipt;
  private long snapshotVersion;
  private final List<LedgerEntry> unwrittenPayments = new ArrayList<>();
  private Long readModelRetryAt;
  private int readModelFailures;

  private boolean stopRequested;
  private Long stopRequestedAt;
  private boolean endingAsBuyout;

  /** Runs before any handler, so updates that arrive with the start see a ready workflow. */
  @WorkflowInit
  public RentalWorkflowImpl(RentalInput input) {
    this.input = input;
    this.terms = input.terms();
    this.id = input.rentalId();
    if (input.progress() != null) {
      restore(input.progress());
    }
  }

  @Override
  public RentalReceipt run(RentalInput ignored) {
    exactlyOnce = Workflow.getVersion(EXACTLY_ONCE, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (input.progress() != null || startRental()) {
      showProgress();
      if (status == RentalStatus.ACTIVE) {
        if (exactlyOnce) {
          bill();
        } else {
          billLegacy();
        }
      }
      collectLeftoverDebt();
    }
    if (exactlyOnce) {
      catchUpReadModel();
    }
    // Updates that arrive while the run completes (a repeated stop) still get their answer.
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (exactlyOnce && RentalFailures.PAYMENTS_UNAVAILABLE.equals(failureCode)) {
      // Nothing was held (the hold was voided) nor ejected: a failed run lets the API start the
      // same rental id again when the client retries the 503 with the same Idempotency-Key.
      throw ApplicationFailure.newNonRetryableFailure(
          RentalFailures.messageOf(failureCode), failureCode);
    }
    return receipt;
  }

  @Override
  public StartResult awaitStarted() {
    Workflow.await(() -> status != RentalStatus.PENDING);
    if (status == RentalStatus.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(
          RentalFailures.messageOf(failureCode), failureCode);
    }
    return new StartResult(id, powerbankId, RentalStatus.ACTIVE, startedAt, 0);
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
        (status == RentalStatus.ACTIVE && !endingAsBuyout) || status == RentalStatus.FINISHED;
    if (!stoppable) {
      RentalStatus shown = endingAsBuyout ? RentalStatus.BUYOUT : status;
      throw ApplicationFailure.newNonRetryableFailure(
          "Rental is " + shown + " and cannot be stopped", RentalFailures.RENTAL_NOT_ACTIVE);
    }
    if (!stopRequested && receipt == null) {
      stopRequested = true;
      stopRequestedAt = request.requestedAtMillis();
      returnStationId = request.returnStationId();
    }
    Workflow.await(() -> receipt != null);
    return receipt;
  }

  @Override
  public RentalView state() {
    return new RentalView(
        id,
        input.userId(),
        input.stationId(),
        status,
        failureCode,
        powerbankId,
        startedAt,
        finishedAt,
        lastTick,
        paid,
        debt,
        unresolvedAmount(),
        totalAmount,
        nextDebtAttemptAt);
  }

  // ---- start: hold, then eject; compensate the hold if the eject fails ----

  private boolean startRental() {
    saveSnapshot();
    PaymentRequest deposit = payment(terms.tariff().deposit(), holdKey("hold"), PaymentKind.HOLD);
    try {
      hold.holdDeposit(deposit);
      recordPayment(LedgerEntry.succeeded(deposit, deposit.amount()));
    } catch (ActivityFailure e) {
      if (PaymentActivities.DEPOSIT_DECLINED.equals(failureType(e))) {
        recordPayment(LedgerEntry.failed(deposit, failureMessage(e)));
        return fail(RentalFailures.DEPOSIT_DECLINED);
      }
      // A hold that timed out may still have gone through: void it to be sure.
      recordPayment(LedgerEntry.failed(deposit, LedgerEntry.UNKNOWN_OUTCOME));
      return failAndReleaseHold(RentalFailures.PAYMENTS_UNAVAILABLE);
    }
    try {
      // Retried with the same key until the station gives a final answer: a timed-out eject may
      // have handed out a bank, so it is never taken for a failed one (RentalActivityOptions).
      powerbankId = eject.eject(id, input.stationId());
    } catch (ActivityFailure e) {
      return failAndReleaseHold(RentalFailures.EJECT_FAILED);
    }
    startedAt = Workflow.currentTimeMillis();
    status = RentalStatus.ACTIVE;
    Workflow.upsertTypedSearchAttributes(
        RentalSearchAttributes.RENTAL_STATUS.valueSet(status.name()),
        RentalSearchAttributes.POWERBANK_ID.valueSet(powerbankId));
    saveSnapshot();
    return true;
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
      releaseHold();
      return fail(code);
    }
    fail(code);
    releaseHold();
    if (exactlyOnce) {
      saveSnapshot(); // the release's ledger entry
    }
    return false;
  }

  private boolean fail(String code) {
    status = RentalStatus.FAILED;
    failureCode = code;
    finishedAt = Workflow.currentTimeMillis();
    receipt = buildReceipt();
    Workflow.upsertTypedSearchAttributes(
        RentalSearchAttributes.RENTAL_STATUS.valueSet(status.name()));
    saveSnapshot();
    return false;
  }

  // ---- billing: one loop around "wait for the next tick or a stop, then charge what is due" ----

  /**
   * The billing loop (SPEC §5, issue 6). Each pass is one workflow task: wait until the next tick,
   * debt attempt, read-model retry or the maximum rental time (or a stop); charge the tick whose
   * time has come; collect debt whose time has come; only then end on a stop, a buyout or the
   * maximum rental time.
   */
  private void bill() {
    long tickMillis = terms.billingTick().toMillis();
    long mustEndAt = startedAt + terms.maxRentalDuration().toMillis();
    while (true) {
      continueAsNewIfHistoryIsLong();
      long nextTickAt = startedAt + (lastTick + 1) * tickMillis;
      waitForNextStep(earliest(nextTickAt, nextDebtAttemptAt, readModelRetryAt, mustEndAt));
      long now = Workflow.currentTimeMillis();
      boolean changed = false;
      // A lost task may have charged this tick before it saw a stop: charge it again (same key,
      // same amount, so the payments service answers its first answer) before the stop.
      if (now >= nextTickAt && nextTickAt <= mustEndAt) {
        lastTick++;
        long due = Billing.due(terms, lastTick * terms.billingTickSec());
        changed = charge(Billing.outstanding(due, paid, debt), ":" + lastTick, PaymentKind.CHARGE);
      }
      if (debtDue(now)) {
        collectDebt(nextDebtAttemptAt);
        changed = true;
      }
      if (stopRequested) {
        finishOnStop(now);
        return;
      }
      if (Billing.reachedBuyout(terms, paid, debt)) {
        finishAsBuyout(startedAt + lastTick * tickMillis);
        return;
      }
      if (now >= mustEndAt) {
        finishAsBuyout(mustEndAt);
        return;
      }
      if ((changed && readModelRetryAt == null) || readModelDue(now)) {
        saveSnapshot();
      }
    }
  }

  /**
   * Waits until {@code wakeAt}, or until a stop arrives while the rental is still active. When
   * {@code wakeAt} has already passed (a late wake-up catching up), it still ends the workflow task
   * with a minimal timer, so that each billing step is a task of its own and a stop that arrived
   * meanwhile is seen before the next one.
   */
  private void waitForNextStep(long wakeAt) {
    long wait = Math.max(1, wakeAt - Workflow.currentTimeMillis());
    Workflow.await(Duration.ofMillis(wait), () -> stopRequested && status == RentalStatus.ACTIVE);
  }

  /**
   * The billing loop of rentals started before {@link #EXACTLY_ONCE}; kept only so their histories
   * replay (docs/VERSIONING.md says when it can go).
   */
  private void billLegacy() {
    long tickMillis = terms.billingTick().toMillis();
    boolean fromHistory = Workflow.getVersion(BILL_FROM_HISTORY, Workflow.DEFAULT_VERSION, 1) >= 1;
    while (true) {
      continueAsNewIfHistoryIsLong();
      long nextTickAt = startedAt + (lastTick + 1) * tickMillis;
      long wakeAt =
          nextDebtAttemptAt == null ? nextTickAt : Math.min(nextTickAt, nextDebtAttemptAt);
      sleepUntil(wakeAt);
      long now = Workflow.currentTimeMillis();
      if (stopRequested) {
        long requested = stopRequestedAt == null || !fromHistory ? now : stopRequestedAt;
        long endAt = Math.min(now, Math.max(startedAt, requested));
        finishedAt = endAt;
        totalAmount = Math.max(Billing.due(terms, elapsedSec(endAt)), paid + debt);
        charge(
            Billing.outstanding(totalAmount, paid, debt),
            ":final",
            PaymentKind.FINAL_CHARGE,
            fromHistory ? finalCharge : charges);
        dockAndSettle(RentalStatus.FINISHED);
        return;
      }
      boolean changed = false;
      if (now >= nextTickAt) {
        lastTick = fromHistory ? lastTick + 1 : (now - startedAt) / tickMillis;
        long due = Billing.due(terms, lastTick * terms.billingTickSec());
        changed = charge(Billing.outstanding(due, paid, debt), ":" + lastTick, PaymentKind.CHARGE);
      }
      if (debtDue(now)) {
        collectDebt(now);
        changed = true;
      }
      if (Billing.reachedBuyout(terms, paid, debt)) {
        finishedAt = startedAt + lastTick * tickMillis;
        totalAmount = terms.buyoutPrice();
        charge(
            Billing.outstanding(totalAmount, paid, debt),
            ":final",
            PaymentKind.FINAL_CHARGE,
            fromHistory ? finalCharge : charges);
        dockAndSettle(RentalStatus.BUYOUT);
        return;
      }
      if (changed) {
        saveSnapshot();
      }
    }
  }

  /**
   * Charges {@code amount} under key {@code <rental_id><suffix>}. A decline becomes debt; a charge
   * whose outcome stays unknown after its retries also counts as debt, remembered with its key.
   *
   * @return whether anything was charged or recorded
   */
  private boolean charge(long amount, String keySuffix, PaymentKind kind) {
    return charge(amount, keySuffix, kind, charges);
  }

  private boolean charge(long amount, String keySuffix, PaymentKind kind, PaymentActivities via) {
    if (amount <= 0) {
      return false;
    }
    PaymentRequest request = payment(amount, id + keySuffix, kind);
    ChargeOutcome outcome = chargeAndRecord(request, via);
    if (outcome == ChargeOutcome.CHARGED) {
      paid += amount;
      return true;
    }
    if (outcome == null) {
      rememberUnknown(request);
    }
    debt += amount;
    scheduleFirstDebtAttempt();
    return true;
  }

  /**
   * One collection attempt (SPEC §5): first repeat charges of unknown outcome with their own keys,
   * then charge plain debt in chunks of at most {@code DEBT_CHARGE_STEP} until it is gone or one is
   * declined; a failed attempt pushes the next one out by the back-off, counted from {@code
   * scheduledAt} (the time the attempt was due), so the schedule is exact.
   */
  private void collectDebt(long scheduledAt) {
    boolean failed = !resolveUnknownCharges();
    while (!failed && plainDebt() > 0) {
      long chunk = Math.min(plainDebt(), terms.debtChargeStep());
      PaymentRequest request =
          payment(chunk, id + ":debt:" + (debtCharges + 1), PaymentKind.DEBT_COLLECTION);
      debtCharges++;
      ChargeOutcome outcome = chargeAndRecord(request, charges);
      if (outcome == ChargeOutcome.CHARGED) {
        paid += chunk;
        debt -= chunk;
      } else {
        if (outcome == null) {
          rememberUnknown(request);
        }
        failed = true;
      }
    }
    if (!clearDebtScheduleIfPaid()) {
      debtAttempts = failed ? debtAttempts + 1 : debtAttempts;
      long delay = DebtBackoff.delayAfter(debtAttempts).toMillis();
      long now = Workflow.currentTimeMillis();
      nextDebtAttemptAt = exactlyOnce ? Math.max(scheduledAt + delay, now) : now + delay;
    }
  }

  /**
   * Repeats every charge of unknown outcome with its own key and amount, so the payments service
   * answers what it did the first time.
   *
   * @return true when every outcome is known now
   */
  private boolean resolveUnknownCharges() {
    boolean allKnown = true;
    for (PendingCharge pending : List.copyOf(unresolved)) {
      ChargeOutcome outcome = chargeAndRecord(pending.request(id, input.userId()), charges);
      if (outcome == null) {
        allKnown = false;
        continue;
      }
      unresolved.remove(pending);
      if (outcome == ChargeOutcome.CHARGED) {
        paid += pending.amount();
        debt -= pending.amount();
      }
    }
    return allKnown;
  }

  /**
   * Makes one charge (its retries included) and records what became known of it.
   *
   * @return the outcome, or null when it stays unknown (retries spent on 5xx or timeouts)
   */
  private ChargeOutcome chargeAndRecord(PaymentRequest request, PaymentActivities via) {
    ChargeOutcome outcome;
    try {
      outcome = via.charge(request);
    } catch (ActivityFailure e) {
      return null;
    }
    recordPayment(
        outcome == ChargeOutcome.CHARGED
            ? LedgerEntry.succeeded(request, request.amount())
            : LedgerEntry.failed(request, LedgerEntry.DECLINED));
    return outcome;
  }

  /** A charge of unknown outcome counts as debt and is retried later under its own key. */
  private void rememberUnknown(PaymentRequest request) {
    unresolved.add(new PendingCharge(request.idempotencyKey(), request.amount(), request.kind()));
    recordPayment(LedgerEntry.failed(request, LedgerEntry.UNKNOWN_OUTCOME));
  }

  /** Debt just arose: the first collection attempt comes one back-off step later (SPEC §5). */
  private void scheduleFirstDebtAttempt() {
    if (nextDebtAttemptAt == null) {
      nextDebtAttemptAt = Workflow.currentTimeMillis() + DebtBackoff.delayAfter(0).toMillis();
    }
  }

  /** When no debt is left, forgets the back-off; returns whether it did. */
  private boolean clearDebtScheduleIfPaid() {
    if (debt != 0) {
      return false;
    }
    debtAttempts = 0;
    nextDebtAttemptAt = null;
    return true;
  }

  // ---- the end: final charge, dock, settle against the hold ----

  /**
   * Ends the rental at the moment the stop was requested (SPEC §5: to the second at the stop), not
   * when a worker got to it; bounded by the start and by workflow time. Charges of unknown outcome
   * are resolved first, so the final amount is computed against what the payments service really
   * took; ticks charged past the stop moment (before the stop was seen) are given back: debt first,
   * then a refund. The final charge is an ordinary activity, so its amount is in history before any
   * money moves.
   */
  private void finishOnStop(long now) {
    long requested = stopRequestedAt == null ? now : stopRequestedAt;
    long endAt = Math.min(now, Math.max(startedAt, requested));
    finishedAt = endAt;
    resolveUnknownCharges();
    totalAmount = Billing.due(terms, elapsedSec(endAt));
    showSettling();
    long overcharged = paid + debt - totalAmount;
    if (overcharged > 0) {
      giveBack(overcharged);
    } else {
      charge(-overcharged, ":final", PaymentKind.FINAL_CHARGE, finalCharge);
    }
    dockAndSettle(RentalStatus.FINISHED);
  }

  /**
   * Ends the rental as a buyout (SPEC §5: paid plus debt reached {@code R_BUYOUT}, or the maximum
   * rental time passed): the total is exactly {@code R_BUYOUT}; the powerbank stays with the user.
   * From here on a stop is refused, so every stop gets the same answer.
   */
  private void finishAsBuyout(long endAt) {
    endingAsBuyout = true;
    finishedAt = endAt;
    totalAmount = terms.buyoutPrice();
    showSettling();
    charge(
        Billing.outstanding(totalAmount, paid, debt),
        ":final",
        PaymentKind.FINAL_CHARGE,
        finalCharge);
    dockAndSettle(RentalStatus.BUYOUT);
  }

  /**
   * Writes the read model as soon as the end and the total are known, so that while the stop or
   * buyout settles (a slow dock or release) the API shows the final total, not a cost that keeps
   * growing ({@link #SETTLING_SNAPSHOT}).
   */
  private void showSettling() {
    if (Workflow.getVersion(SETTLING_SNAPSHOT, Workflow.DEFAULT_VERSION, 1) >= 1) {
      saveSnapshot();
    }
  }

  /** Takes {@code amount} off what the user owes: open debt first, then refunds what was paid. */
  private void giveBack(long amount) {
    long forgiven = Math.min(amount, Math.max(0, plainDebt()));
    debt -= forgiven;
    long refund = Math.min(amount - forgiven, paid);
    if (refund > 0) {
      PaymentRequest request = payment(refund, id + ":refund", PaymentKind.REFUND);
      long refunded = payments.refund(request);
      paid -= refunded;
      recordPayment(LedgerEntry.succeeded(request, refunded));
    }
    clearDebtScheduleIfPaid();
  }

  /**
   * Docks the bank when it came back, settles against the hold (SPEC §5), and ends the rental in
   * {@code endStatus}: the receipt is set, which answers every waiting stop.
   */
  private void dockAndSettle(RentalStatus endStatus) {
    if (endStatus == RentalStatus.FINISHED) {
      docking.returnPowerbank(returnStationId, powerbankId, id);
    }
    settle();
    status = endStatus;
    receipt = buildReceipt();
    Workflow.upsertTypedSearchAttributes(
        RentalSearchAttributes.RENTAL_STATUS.valueSet(status.name()));
    saveSnapshot();
  }

  private void settle() {
    if (!unresolved.isEmpty()) {
      // learn the outcome of uncertain charges before touching the hold
      collectDebt(Workflow.currentTimeMillis());
    }
    long capturable = Math.min(plainDebt(), terms.tariff().deposit());
    if (capturable > 0) {
      PaymentRequest request = payment(capturable, holdKey("capture"), PaymentKind.CAPTURE);
      long captured = payments.captureFromHold(request);
      paid += captured;
      debt -= captured;
      recordPayment(LedgerEntry.succeeded(request, captured));
    }
    releaseHold();
    if (!clearDebtScheduleIfPaid()) {
      scheduleFirstDebtAttempt();
    }
  }

  private void releaseHold() {
    PaymentRequest request = payment(0, holdKey("release"), PaymentKind.RELEASE);
    long released = payments.releaseHold(request);
    recordPayment(LedgerEntry.succeeded(request, released));
  }

  /** Debt beyond the deposit is collected with the same back-off for up to 30 days (SPEC §5). */
  private void collectLeftoverDebt() {
    if (finishedAt == null || status == RentalStatus.FAILED) {
      return;
    }
    long giveUpAt = finishedAt + DebtBackoff.COLLECTION_WINDOW.toMillis();
    while (debt > 0 && Workflow.currentTimeMillis() < giveUpAt) {
      continueAsNewIfHistoryIsLong();
      sleepUntil(earliest(nextDebtAttemptAt, giveUpAt, exactlyOnce ? readModelRetryAt : null));
      long now = Workflow.currentTimeMillis();
      if (debtDue(now)) {
        collectDebt(nextDebtAttemptAt);
        saveSnapshot();
      } else if (readModelDue(now)) {
        saveSnapshot();
      }
    }
    if (debt > 0) {
      nextDebtAttemptAt = null; // given up: the debt stays on record, no more attempts
      saveSnapshot();
    }
  }

  /**
   * Before the run completes, writes what the read model still lacks; waits (durably) while the
   * database is unreachable, so the final state and every ledger entry land eventually.
   */
  private void catchUpReadModel() {
    while (readModelRetryAt != null) {
      sleepUntil(readModelRetryAt);
      saveSnapshot();
    }
  }

  // ---- helpers ----

  private boolean debtDue(long now) {
    return debt > 0 && nextDebtAttemptAt != null && now >= nextDebtAttemptAt;
  }

  private boolean readModelDue(long now) {
    return exactlyOnce && readModelRetryAt != null && now >= readModelRetryAt;
  }

  /** The earliest of the given moments (epoch ms); null ones are ignored. */
  private static long earliest(Long... moments) {
    long min = Long.MAX_VALUE;
    for (Long m : moments) {
      if (m != null) {
        min = Math.min(min, m);
      }
    }
    return min;
  }

  /** Sleeps until {@code wakeAt}, or until a stop arrives while the rental is still active. */
  private void sleepUntil(long wakeAt) {
    long wait = wakeAt - Workflow.currentTimeMillis();
    if (wait > 0) {
      Workflow.await(Duration.ofMillis(wait), () -> stopRequested && status == RentalStatus.ACTIVE);
    }
  }

  /**
   * Keeps histories bounded (SPEC §8). Never while an update is being handled: its caller would
   * lose the answer.
   */
  private void continueAsNewIfHistoryIsLong() {
    if (stopRequested) {
      return;
    }
    if (Workflow.getInfo().getHistoryLength() < input.continueAsNewThreshold()
        && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    // A stop arriving now waits for its receipt, so it must win over continue-as-new.
    Workflow.await(() -> Workflow.isEveryHandlerFinished() || stopRequested);
    if (!stopRequested) {
      Workflow.continueAsNew(input.withProgress(progress()));
    }
  }

  private PaymentRequest payment(long amount, String key, PaymentKind kind) {
    return new PaymentRequest(id, input.userId(), amount, key, kind);
  }

  /**
   * Key of a call on the deposit hold. Since {@link #EXACTLY_ONCE} it names the run that made the
   * hold, because a start that failed for unavailable payments may run again under the same rental
   * id, and its new hold must not be answered with the first run's (released) one.
   */
  private String holdKey(String what) {
    return exactlyOnce
        ? id + ":" + what + ":" + Workflow.getInfo().getFirstExecutionRunId()
        : id + ":" + what;
  }

  private long elapsedSec(long endAt) {
    return (endAt - startedAt) / 1000;
  }

  private long unresolvedAmount() {
    return unresolved.stream().mapToLong(PendingCharge::amount).sum();
  }

  /** Debt whose charges are known to have failed: what may be charged again under a new key. */
  private long plainDebt() {
    return debt - unresolvedAmount();
  }

  private static String failureType(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure app ? app.getType() : null;
  }

  private static String failureMessage(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : LedgerEntry.DECLINED;
  }

  private RentalReceipt buildReceipt() {
    long elapsedSec = startedAt == null ? 0 : elapsedSec(finishedAt);
    return new RentalReceipt(
        id,
        status,
        powerbankId,
        returnStationId,
        startedAt,
        finishedAt,
        totalAmount,
        paid,
        debt,
        Billing.durationMinutes(elapsedSec),
        failureCode);
  }

  /** Remembers a payment outcome until the next read-model write puts it into the ledger. */
  private void recordPayment(LedgerEntry entry) {
    unwrittenPayments.add(entry);
  }

  /**
   * Writes the read model and the ledger entries not written yet (a local activity), and refreshes
   * the Web UI's current details. A failed write never fails nor holds up the rental: the state
   * stays in the workflow, and the write is tried again with back-off (the snapshot is whole, so
   * the next one carries everything).
   *
   * <p>The version is made from workflow time, which a replay reproduces and which only grows: a
   * task retried after a crash writes higher versions than the lost task did, so the read model
   * never goes back.
   */
  private void saveSnapshot() {
    snapshotVersion = Math.max(snapshotVersion + 1, Workflow.currentTimeMillis() * 64);
    List<LedgerEntry> batch = List.copyOf(unwrittenPayments);
    try {
      store.saveSnapshot(snapshot(batch));
      unwrittenPayments.subList(0, batch.size()).clear();
      readModelRetryAt = null;
      readModelFailures = 0;
    } catch (ActivityFailure e) {
      readModelFailures++;
      long delay =
          Math.min(
              READ_MODEL_RETRY.toMillis() << Math.min(readModelFailures - 1, 10),
              READ_MODEL_RETRY_MAX.toMillis());
      readModelRetryAt = Workflow.currentTimeMillis() + delay;
    }
    showProgress();
  }

  private RentalSnapshot snapshot(List<LedgerEntry> batch) {
    return new RentalSnapshot(
        id,
        input.quoteId(),
        input.userId(),
        input.stationId(),
        returnStationId,
        powerbankId,
        status,
        failureCode,
        terms.tariff().pricePerHour(),
        terms.tariff().freePeriodMin(),
        terms.tariff().deposit(),
        terms.buyoutPrice(),
        startedAt,
        finishedAt,
        paid,
        debt,
        status.isEnded() || finishedAt != null
            ? totalAmount
            : Billing.due(terms, lastTick * terms.billingTickSec()),
        debtAttempts,
        nextDebtAttemptAt,
        snapshotVersion,
        batch);
  }

  /** A one-line summary for the Web UI's "current details". */
  private void showProgress() {
    Workflow.setCurrentDetails(
        String.format(
            "**%s** · powerbank %s · paid %d · debt %d · total %d",
            status, powerbankId == null ? "-" : powerbankId, paid, debt, totalAmount));
  }

  private RentalProgress progress() {
    return new RentalProgress(
        status,
        failureCode,
        powerbankId,
        startedAt,
        finishedAt,
        returnStationId,
        lastTick,
        paid,
        debt,
        totalAmount,
        List.copyOf(unresolved),
        debtCharges,
        debtAttempts,
        nextDebtAttemptAt,
        receipt,
        snapshotVersion,
        List.copyOf(unwrittenPayments),
        readModelRetryAt,
        readModelFailures);
  }

  private void restore(RentalProgress p) {
    status = p.status();
    failureCode = p.failureCode();
    powerbankId = p.powerbankId();
    startedAt = p.startedAtMillis();
    finishedAt = p.finishedAtMillis();
    returnStationId = p.returnStationId();
    lastTick = p.lastTick();
    paid = p.paid();
    debt = p.debt();
    totalAmount = p.totalAmount();
    if (p.unresolved() != null) {
      unresolved.addAll(p.unresolved());
    }
    debtCharges = p.debtCharges();
    debtAttempts = p.debtAttempts();
    nextDebtAttemptAt = p.nextDebtAttemptAtMillis();
    receipt = p.receipt();
    snapshotVersion = p.snapshotVersion();
    if (p.unwrittenPayments() != null) {
      unwrittenPayments.addAll(p.unwrittenPayments());
    }
    readModelRetryAt = p.readModelRetryAtMillis();
    readModelFailures = p.readModelFailures();
  }
}
