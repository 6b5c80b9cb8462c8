package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.StationActivities;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.RentalTerms;
import io.temporal.workflow.Workflow;
import java.util.function.Function;

/**
 * The end of a rental (SPEC §5), on the workflow thread: fix the end and the total on a stop or a
 * buyout, make the final charge or give back an overcharge, dock the bank, settle against the hold
 * and release it, and set the receipt that answers every waiting stop.
 */
final class RentalEnding {

  /**
   * Change id of "the read model knows the end while the rental settles" (version 1): one more
   * read-model write when a stop or buyout has fixed the total, before the final charge.
   */
  static final String SETTLING_SNAPSHOT = "settling-snapshot";

  private final PaymentActivities settlement;
  private final Function<String, PaymentActivities> finalCharge;
  private final StationActivities dock;
  private final RentalInput input;
  private final RentalState state;
  private final DebtCollection debts;
  private final ReadModelWriter readModel;
  private final boolean exactlyOnce;

  /**
   * @param settlement payments stub of refund, capture and release
   * @param finalCharge payments stub of the final charge (an ordinary activity), given its Web UI
   *     summary
   * @param dock stations stub of the return
   * @param exactlyOnce whether the run took {@code exactly-once-across-crashes} (per-run hold keys)
   */
  RentalEnding(
      PaymentActivities settlement,
      Function<String, PaymentActivities> finalCharge,
      StationActivities dock,
      RentalInput input,
      RentalState state,
      DebtCollection debts,
      ReadModelWriter readModel,
      boolean exactlyOnce) {
    this.settlement = settlement;
    this.finalCharge = finalCharge;
    this.dock = dock;
    this.input = input;
    this.state = state;
    this.debts = debts;
    this.readModel = readModel;
    this.exactlyOnce = exactlyOnce;
  }

  /**
   * Ends the rental at the moment the stop was requested (SPEC §5: to the second at the stop), not
   * when a worker got to it; bounded by the start and by workflow time. Charges of unknown outcome
   * are resolved first, so the final amount is computed against what the payments service really
   * took; ticks charged past the stop moment (before the stop was seen) are given back: debt first,
   * then a refund. The final charge is an ordinary activity, so its amount is in history before any
   * money moves.
   */
  void finishOnStop(long now) {
    long requested = state.stopRequestedAt == null ? now : state.stopRequestedAt;
    long endAt = Math.min(now, Math.max(state.startedAtMillis, requested));
    state.finishedAtMillis = endAt;
    debts.resolveUnknownCharges();
    state.totalAmount = Billing.due(input.terms(), state.elapsedSec(endAt));
    showSettling();
    long overcharged = state.paid + state.debt - state.totalAmount;
    if (overcharged > 0) {
      giveBack(overcharged);
    } else {
      debts.charge(-overcharged, ":final", PaymentKind.FINAL_CHARGE, finalCharge);
    }
    dockAndSettle(RentalStatus.FINISHED);
  }

  /**
   * Ends the rental as a buyout (SPEC §5: paid plus debt reached {@code R_BUYOUT}, or the maximum
   * rental time passed): the total is exactly {@code R_BUYOUT}; the powerbank stays with the user.
   * From here on a stop is refused, so every stop gets the same answer.
   */
  void finishAsBuyout(long endAt) {
    state.endingAsBuyout = true;
    state.finishedAtMillis = endAt;
    state.totalAmount = Billing.buyoutTotal(input.terms());
    showSettling();
    chargeRestOfTotal(finalCharge);
    dockAndSettle(RentalStatus.BUYOUT);
  }

  /** Charges what the fixed total still lacks ({@link Billing#outstanding}) through {@code via}. */
  void chargeRestOfTotal(Function<String, PaymentActivities> via) {
    debts.charge(
        Billing.outstanding(state.totalAmount, state.paid, state.debt),
        ":final",
        PaymentKind.FINAL_CHARGE,
        via);
  }

  /**
   * Writes the read model as soon as the end and the total are known, so that while the stop or
   * buyout settles (a slow dock or release) the API shows the final total, not a cost that keeps
   * growing ({@link #SETTLING_SNAPSHOT}).
   */
  private void showSettling() {
    if (Workflow.getVersion(SETTLING_SNAPSHOT, Workflow.DEFAULT_VERSION, 1) >= 1) {
      readModel.save();
    }
  }

  /** Takes {@code amount} off what the user owes: open debt first, then refunds what was paid. */
  private void giveBack(long amount) {
    long forgiven = debts.forgive(amount);
    long refund = Math.min(amount - forgiven, state.paid);
    if (refund > 0) {
      PaymentRequest request =
          input.payment(refund, input.rentalId() + ":refund", PaymentKind.REFUND);
      long refunded = settlement.refund(request);
      state.paid -= refunded;
      readModel.record(LedgerEntry.succeeded(request, refunded));
    }
    debts.clearIfPaid();
  }

  /**
   * Docks the bank when it came back, settles against the hold (SPEC §5), and ends the rental in
   * {@code endStatus}: the receipt is set, which answers every waiting stop.
   */
  void dockAndSettle(RentalStatus endStatus) {
    if (endStatus == RentalStatus.FINISHED) {
      dock.returnPowerbank(state.returnStationId, state.powerbankId, input.rentalId());
    }
    settle();
    end(endStatus);
  }

  /** Fails the start with {@code code} (SPEC §4 error codes); ends the rental as FAILED. */
  void fail(String code) {
    state.failureCode = code;
    state.finishedAtMillis = Workflow.currentTimeMillis();
    end(RentalStatus.FAILED);
  }

  /** Releases the deposit hold (retried until payments answers) and records it. */
  void releaseHold() {
    PaymentRequest request = input.payment(0, holdKey("release"), PaymentKind.RELEASE);
    long released = settlement.releaseHold(request);
    readModel.record(LedgerEntry.succeeded(request, released));
  }

  /**
   * Key of a call on the deposit hold. Since {@code exactly-once-across-crashes} it names the run
   * that made the hold, because a start that failed for unavailable payments may run again under
   * the same rental id, and its new hold must not be answered with the first run's (released) one.
   */
  String holdKey(String what) {
    String key = input.rentalId() + ":" + what;
    return exactlyOnce ? key + ":" + Workflow.getInfo().getFirstExecutionRunId() : key;
  }

  /** Settles against the hold: capture what is owed (up to the deposit), then release the rest. */
  private void settle() {
    if (!state.unresolved.isEmpty()) {
      // learn the outcome of uncertain charges before touching the hold
      debts.collect(Workflow.currentTimeMillis());
    }
    RentalTerms terms = input.terms();
    long capturable = Math.min(state.plainDebt(), terms.tariff().deposit());
    if (capturable > 0) {
      PaymentRequest request = input.payment(capturable, holdKey("capture"), PaymentKind.CAPTURE);
      long captured = settlement.captureFromHold(request);
      state.paid += captured;
      state.debt -= captured;
      readModel.record(LedgerEntry.succeeded(request, captured));
    }
    releaseHold();
    debts.afterCapture();
  }

  /** Sets the end status and the receipt, shows it in search attributes and the read model. */
  private void end(RentalStatus endStatus) {
    state.status = endStatus;
    state.receipt = state.receipt(input.rentalId());
    Workflow.upsertTypedSearchAttributes(
        RentalSearchAttributes.RENTAL_STATUS.valueSet(state.status.name()));
    readModel.save();
  }
}
