package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.ChargeOutcome;
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

  private final RentalInput input;
  private final RentalTerms terms;
  private final String id;

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

  private boolean stopRequested;
  private Long stopRequestedAt;

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
    if (input.progress() != null || startRental()) {
      showProgress();
      if (status == RentalStatus.ACTIVE) {
        bill();
      }
      collectLeftoverDebt();
    }
    // Updates that arrive while the run completes (a repeated stop) still get their answer.
    Workflow.await(Workflow::isEveryHandlerFinished);
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
    if (status == RentalStatus.ACTIVE || status == RentalStatus.FINISHED) {
      return;
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "Rental is " + status + " and cannot be stopped", RentalFailures.RENTAL_NOT_ACTIVE);
  }

  @Override
  public RentalReceipt stop(StopRequest request) {
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
    try {
      hold.holdDeposit(payment(terms.tariff().deposit(), ":hold", PaymentKind.HOLD));
    } catch (ActivityFailure e) {
      if (PaymentActivities.DEPOSIT_DECLINED.equals(failureType(e))) {
        return fail(RentalFailures.DEPOSIT_DECLINED);
      }
      // A hold that timed out may still have gone through: void it to be sure.
      return failAndReleaseHold(RentalFailures.PAYMENTS_UNAVAILABLE);
    }
    try {
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

  /** Answers the start at once, then releases the hold (retried until payments answers). */
  private boolean failAndReleaseHold(String code) {
    fail(code);
    payments.releaseHold(payment(0, ":release", PaymentKind.RELEASE));
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

  private void bill() {
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
        if (fromHistory) {
          finishOnStop(now);
        } else {
          finish(now, RentalStatus.FINISHED, charges);
        }
        return;
      }
      boolean changed = false;
      if (now >= nextTickAt) {
        // Bill tick by tick on elapsed workflow time: tick n is due at started_at + n * tick, and a
        // late wake-up catches up in this same task. The tick is the one the timer was set for,
        // never one derived from "now": a retried task must charge the same key and amount.
        lastTick = fromHistory ? lastTick + 1 : (now - startedAt) / tickMillis;
        long due = Billing.due(terms, lastTick * terms.billingTickSec());
        changed = charge(Billing.outstanding(due, paid, debt), ":" + lastTick, PaymentKind.CHARGE);
      }
      if (debtDue(now)) {
        collectDebt();
        changed = true;
      }
      if (Billing.reachedBuyout(terms, paid, debt)) {
        finish(
            startedAt + lastTick * tickMillis,
            RentalStatus.BUYOUT,
            fromHistory ? finalCharge : charges);
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
    PaymentRequest request = payment(amount, keySuffix, kind);
    try {
      if (via.charge(request) == ChargeOutcome.CHARGED) {
        paid += amount;
        return true;
      }
    } catch (ActivityFailure e) {
      unresolved.add(new PendingCharge(request.idempotencyKey(), amount, kind));
    }
    debt += amount;
    scheduleFirstDebtAttempt();
    return true;
  }

  /**
   * One collection attempt (SPEC §5): first repeat charges of unknown outcome with their own keys,
   * then charge plain debt in chunks of at most {@code DEBT_CHARGE_STEP} until it is gone or one is
   * declined; a failed attempt pushes the next one out by the back-off.
   */
  private void collectDebt() {
    boolean failed = false;
    for (PendingCharge pending : List.copyOf(unresolved)) {
      try {
        ChargeOutcome outcome = charges.charge(pending.request(id, input.userId()));
        unresolved.remove(pending);
        if (outcome == ChargeOutcome.CHARGED) {
          paid += pending.amount();
          debt -= pending.amount();
        }
      } catch (ActivityFailure e) {
        failed = true;
      }
    }
    while (!failed && plainDebt() > 0) {
      long chunk = Math.min(plainDebt(), terms.debtChargeStep());
      PaymentRequest request =
          payment(chunk, ":debt:" + (debtCharges + 1), PaymentKind.DEBT_COLLECTION);
      debtCharges++;
      try {
        if (charges.charge(request) == ChargeOutcome.CHARGED) {
          paid += chunk;
          debt -= chunk;
        } else {
          failed = true;
        }
      } catch (ActivityFailure e) {
        unresolved.add(new PendingCharge(request.idempotencyKey(), chunk, request.kind()));
        failed = true;
      }
    }
    if (!clearDebtScheduleIfPaid()) {
      debtAttempts = failed ? debtAttempts + 1 : debtAttempts;
      nextDebtAttemptAt =
          Workflow.currentTimeMillis() + DebtBackoff.delayAfter(debtAttempts).toMillis();
    }
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
   * Ends an active rental at {@code endAt}: on stop the final charge is to the second; on buyout
   * the total is exactly {@code R_BUYOUT}. Then open debt is captured from the hold and the rest
   * released (SPEC §5 settlement).
   */
  private void finish(long endAt, RentalStatus endStatus, PaymentActivities via) {
    finishedAt = endAt;
    long elapsedSec = (endAt - startedAt) / 1000;
    // Ticks billed before a late-processed stop are not refunded: the total covers them.
    totalAmount = Math.max(Billing.due(terms, elapsedSec), paid + debt);
    charge(Billing.outstanding(totalAmount, paid, debt), ":final", PaymentKind.FINAL_CHARGE, via);
    if (endStatus == RentalStatus.FINISHED) {
      docking.returnPowerbank(returnStationId, powerbankId);
    }
    settle();
    status = endStatus;
    receipt = buildReceipt();
    Workflow.upsertTypedSearchAttributes(
        RentalSearchAttributes.RENTAL_STATUS.valueSet(status.name()));
    saveSnapshot();
  }

  /**
   * Ends the rental at the moment the stop was requested (SPEC §5: to the second at the stop), not
   * when a worker got to it; bounded by the start and by workflow time. The final charge is an
   * ordinary activity, so its amount is in history before any money moves.
   */
  private void finishOnStop(long now) {
    long requested = stopRequestedAt == null ? now : stopRequestedAt;
    finish(Math.min(now, Math.max(startedAt, requested)), RentalStatus.FINISHED, finalCharge);
  }

  private void settle() {
    if (!unresolved.isEmpty()) {
      collectDebt(); // learn the outcome of uncertain charges before touching the hold
    }
    long capturable = Math.min(plainDebt(), terms.tariff().deposit());
    if (capturable > 0) {
      long captured =
          payments.captureFromHold(payment(capturable, ":capture", PaymentKind.CAPTURE));
      paid += captured;
      debt -= captured;
    }
    payments.releaseHold(payment(0, ":release", PaymentKind.RELEASE));
    if (!clearDebtScheduleIfPaid()) {
      scheduleFirstDebtAttempt();
    }
  }

  /** Debt beyond the deposit is collected with the same back-off for up to 30 days (SPEC §5). */
  private void collectLeftoverDebt() {
    if (finishedAt == null || status == RentalStatus.FAILED) {
      return;
    }
    long giveUpAt = finishedAt + DebtBackoff.COLLECTION_WINDOW.toMillis();
    while (debt > 0 && Workflow.currentTimeMillis() < giveUpAt) {
      continueAsNewIfHistoryIsLong();
      sleepUntil(Math.min(nextDebtAttemptAt, giveUpAt));
      if (debtDue(Workflow.currentTimeMillis())) {
        collectDebt();
        saveSnapshot();
      }
    }
    if (debt > 0) {
      nextDebtAttemptAt = null; // given up: the debt stays on record, no more attempts
      saveSnapshot();
    }
  }

  // ---- helpers ----

  private boolean debtDue(long now) {
    return debt > 0 && nextDebtAttemptAt != null && now >= nextDebtAttemptAt;
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

  private PaymentRequest payment(long amount, String keySuffix, PaymentKind kind) {
    return new PaymentRequest(id, input.userId(), amount, id + keySuffix, kind);
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

  private RentalReceipt buildReceipt() {
    long elapsedSec = startedAt == null ? 0 : (finishedAt - startedAt) / 1000;
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

  /** Writes the read model (a local activity) and refreshes the Web UI's current details. */
  private void saveSnapshot() {
    snapshotVersion++;
    store.saveSnapshot(
        new RentalSnapshot(
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
            status.isEnded() ? totalAmount : Billing.due(terms, lastTick * terms.billingTickSec()),
            debtAttempts,
            nextDebtAttemptAt,
            snapshotVersion));
    showProgress();
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
        snapshotVersion);
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
  }
}
