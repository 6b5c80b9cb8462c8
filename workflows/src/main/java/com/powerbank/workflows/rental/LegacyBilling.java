package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.RentalTerms;
import io.temporal.workflow.Workflow;
import java.util.function.Function;

/**
 * The billing loop of rentals started before {@code exactly-once-across-crashes}, with its own
 * {@code bill-from-history} branches; kept apart only so their histories replay. Delete it with the
 * {@code exactly-once-across-crashes} DEFAULT_VERSION branch (docs/VERSIONING.md says when).
 */
final class LegacyBilling {

  /**
   * Change id of "bill only from durable values" (version 1): the tick charged is the one its timer
   * was set for, and the final charge is an ordinary activity at the requested stop moment, so a
   * workflow task retried after a crash charges the same key with the same amount.
   */
  static final String BILL_FROM_HISTORY = "bill-from-history";

  private final Function<String, PaymentActivities> tickCharges;
  private final Function<String, PaymentActivities> finalCharge;
  private final RentalInput input;
  private final RentalState state;
  private final DebtCollection debts;
  private final RentalEnding ending;
  private final ReadModelWriter readModel;
  private final RentalWaits waits;

  LegacyBilling(
      Function<String, PaymentActivities> tickCharges,
      Function<String, PaymentActivities> finalCharge,
      RentalInput input,
      RentalState state,
      DebtCollection debts,
      RentalEnding ending,
      ReadModelWriter readModel,
      RentalWaits waits) {
    this.tickCharges = tickCharges;
    this.finalCharge = finalCharge;
    this.input = input;
    this.state = state;
    this.debts = debts;
    this.ending = ending;
    this.readModel = readModel;
    this.waits = waits;
  }

  /** Bills until a stop or a buyout, as the code before {@code exactly-once-across-crashes} did. */
  void bill() {
    RentalTerms terms = input.terms();
    long tickMillis = terms.billingTick().toMillis();
    boolean fromHistory = Workflow.getVersion(BILL_FROM_HISTORY, Workflow.DEFAULT_VERSION, 1) >= 1;
    Function<String, PaymentActivities> finalVia = fromHistory ? finalCharge : tickCharges;
    while (true) {
      waits.continueAsNewIfHistoryIsLong();
      long nextTickAt = state.startedAtMillis + (state.lastTick + 1) * tickMillis;
      long wakeAt = RentalWaits.earliest(nextTickAt, debts.nextAttemptAt());
      waits.sleepUntil(
          wakeAt,
          wakeAt == nextTickAt
              ? RentalSummaries.tickTimer(state.lastTick + 1)
              : RentalSummaries.debtTimer(state.debtAttempts + 1));
      long now = Workflow.currentTimeMillis();
      if (state.stopRequested) {
        finishOnStop(now, fromHistory, finalVia);
        return;
      }
      boolean changed = now >= nextTickAt && chargeTick(now, fromHistory);
      if (debts.due(now)) {
        debts.collect(now);
        changed = true;
      }
      if (Billing.reachedBuyout(terms, state.paid, state.debt)) {
        finishAsBuyout(state.startedAtMillis + state.lastTick * tickMillis, finalVia);
        return;
      }
      if (changed) {
        readModel.save();
      }
    }
  }

  private boolean chargeTick(long now, boolean fromHistory) {
    long tickMillis = input.terms().billingTick().toMillis();
    state.lastTick = fromHistory ? state.lastTick + 1 : (now - state.startedAtMillis) / tickMillis;
    long due = Billing.due(input.terms(), state.lastTick * input.terms().billingTickSec());
    return debts.charge(
        Billing.outstanding(due, state.paid, state.debt), ":" + state.lastTick, PaymentKind.CHARGE);
  }

  private void finishAsBuyout(long endAt, Function<String, PaymentActivities> finalVia) {
    state.finishedAtMillis = endAt;
    state.totalAmount = Billing.buyoutTotal(input.terms());
    ending.chargeRestOfTotal(finalVia);
    ending.dockAndSettle(RentalStatus.BUYOUT);
  }

  private void finishOnStop(
      long now, boolean fromHistory, Function<String, PaymentActivities> finalVia) {
    long requested = state.stopRequestedAt == null || !fromHistory ? now : state.stopRequestedAt;
    long endAt = Math.min(now, Math.max(state.startedAtMillis, requested));
    state.finishedAtMillis = endAt;
    state.totalAmount =
        Math.max(Billing.due(input.terms(), state.elapsedSec(endAt)), state.paid + state.debt);
    ending.chargeRestOfTotal(finalVia);
    ending.dockAndSettle(RentalStatus.FINISHED);
  }
}
