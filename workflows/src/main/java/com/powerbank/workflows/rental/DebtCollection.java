package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.ChargeOutcome;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.billing.DebtBackoff;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Function;

/**
 * The debt rule of SPEC §5 in one place, on the workflow thread: how debt arises (a declined
 * charge, or one whose outcome stays unknown), when the next collection attempt is due (back-off
 * from {@link DebtBackoff}), one collection attempt, and what follows a capture from the hold.
 * Every charge outcome is put into the ledger ({@link ReadModelWriter#record}).
 */
final class DebtCollection {

  private final Function<String, PaymentActivities> tickCharges;
  private final RentalInput input;
  private final RentalState state;
  private final ReadModelWriter ledger;
  private final boolean exactlyOnce;

  /**
   * @param tickCharges the local-activity stub of ticks and debt chunks, given the call's Web UI
   *     summary
   * @param exactlyOnce whether the run took {@code exactly-once-across-crashes}: the back-off then
   *     counts from the time an attempt was due, not from when it ran
   */
  DebtCollection(
      Function<String, PaymentActivities> tickCharges,
      RentalInput input,
      RentalState state,
      ReadModelWriter ledger,
      boolean exactlyOnce) {
    this.tickCharges = tickCharges;
    this.input = input;
    this.state = state;
    this.ledger = ledger;
    this.exactlyOnce = exactlyOnce;
  }

  /** When the next collection attempt is due (epoch ms), or null when none is scheduled. */
  Long nextAttemptAt() {
    return state.nextDebtAttemptAtMillis;
  }

  /** Whether there is debt and its attempt is due at {@code now}. */
  boolean due(long now) {
    return state.debt > 0 && nextAttemptAt() != null && now >= nextAttemptAt();
  }

  /**
   * A tick's charge, through the local-activity stub: see {@link #charge(long, String, PaymentKind,
   * Function)}.
   */
  boolean charge(long amount, String keySuffix, PaymentKind kind) {
    return charge(amount, keySuffix, kind, tickCharges);
  }

  /**
   * Charges {@code amount} under key {@code <rental_id><suffix>} through {@code via} (which makes
   * the stub for the call's Web UI summary, {@link #summaryOf}). A decline becomes debt; a charge
   * whose outcome stays unknown after its retries also counts as debt, remembered with its key.
   * Debt that arises schedules the first attempt one back-off step later.
   *
   * @return whether anything was charged or recorded
   */
  boolean charge(
      long amount, String keySuffix, PaymentKind kind, Function<String, PaymentActivities> via) {
    if (amount <= 0) {
      return false;
    }
    PaymentRequest request = input.payment(amount, input.rentalId() + keySuffix, kind);
    ChargeOutcome outcome = chargeAndRecord(request, via);
    if (outcome == ChargeOutcome.CHARGED) {
      state.paid += amount;
      return true;
    }
    if (outcome == null) {
      rememberUnknown(request);
    }
    state.debt += amount;
    scheduleFirstAttempt();
    return true;
  }

  /**
   * One collection attempt (SPEC §5): first repeat charges of unknown outcome with their own keys,
   * then charge plain debt in chunks of at most {@code DEBT_CHARGE_STEP} until it is gone or one is
   * declined; a failed attempt pushes the next one out by the back-off, counted from {@code
   * scheduledAt} (the time the attempt was due), so the schedule is exact.
   */
  void collect(long scheduledAt) {
    boolean failed = !resolveUnknownCharges() || !chargePlainDebt();
    if (!clearIfPaid()) {
      state.debtAttempts = failed ? state.debtAttempts + 1 : state.debtAttempts;
      long delay = DebtBackoff.delayAfter(state.debtAttempts).toMillis();
      long now = Workflow.currentTimeMillis();
      state.nextDebtAttemptAtMillis =
          exactlyOnce ? Math.max(scheduledAt + delay, now) : now + delay;
    }
  }

  /** Charges plain debt chunk by chunk; returns false at the first chunk not charged. */
  private boolean chargePlainDebt() {
    while (state.plainDebt() > 0) {
      long chunk = Math.min(state.plainDebt(), input.terms().debtChargeStep());
      String key = input.rentalId() + ":debt:" + (state.debtCharges + 1);
      PaymentRequest request = input.payment(chunk, key, PaymentKind.DEBT_COLLECTION);
      state.debtCharges++;
      ChargeOutcome outcome = chargeAndRecord(request, tickCharges);
      if (outcome != ChargeOutcome.CHARGED) {
        if (outcome == null) {
          rememberUnknown(request);
        }
        return false;
      }
      state.paid += chunk;
      state.debt -= chunk;
    }
    return true;
  }

  /**
   * Repeats every charge of unknown outcome with its own key and amount, so the payments service
   * answers what it did the first time.
   *
   * @return true when every outcome is known now
   */
  boolean resolveUnknownCharges() {
    boolean allKnown = true;
    for (PendingCharge pending : List.copyOf(state.unresolved)) {
      ChargeOutcome outcome =
          chargeAndRecord(pending.request(input.rentalId(), input.userId()), tickCharges);
      if (outcome == null) {
        allKnown = false;
        continue;
      }
      state.unresolved.remove(pending);
      if (outcome == ChargeOutcome.CHARGED) {
        state.paid += pending.amount();
        state.debt -= pending.amount();
      }
    }
    return allKnown;
  }

  /** After a capture from the hold: forget the schedule when paid, else start collecting. */
  void afterCapture() {
    if (!clearIfPaid()) {
      scheduleFirstAttempt();
    }
  }

  /** Takes up to {@code amount} off the debt whose charges failed; returns what it took. */
  long forgive(long amount) {
    long forgiven = Math.min(amount, Math.max(0, state.plainDebt()));
    state.debt -= forgiven;
    return forgiven;
  }

  /** When no debt is left, forgets the back-off; returns whether it did. */
  boolean clearIfPaid() {
    if (state.debt != 0) {
      return false;
    }
    state.debtAttempts = 0;
    state.nextDebtAttemptAtMillis = null;
    return true;
  }

  /** The collection window is over: the debt stays on record, no more attempts. */
  void giveUp() {
    state.nextDebtAttemptAtMillis = null;
  }

  /** Debt just arose: the first collection attempt comes one back-off step later (SPEC §5). */
  private void scheduleFirstAttempt() {
    if (state.nextDebtAttemptAtMillis == null) {
      state.nextDebtAttemptAtMillis =
          Workflow.currentTimeMillis() + DebtBackoff.delayAfter(0).toMillis();
    }
  }

  /**
   * Makes one charge (its retries included) and records what became known of it.
   *
   * @return the outcome, or null when it stays unknown (retries spent on 5xx or timeouts)
   */
  private ChargeOutcome chargeAndRecord(
      PaymentRequest request, Function<String, PaymentActivities> via) {
    ChargeOutcome outcome;
    try {
      outcome = via.apply(summaryOf(request)).charge(request);
    } catch (ActivityFailure e) {
      return null;
    }
    ledger.record(
        outcome == ChargeOutcome.CHARGED
            ? LedgerEntry.succeeded(request, request.amount())
            : LedgerEntry.failed(request, LedgerEntry.DECLINED));
    return outcome;
  }

  /**
   * The Web UI summary of a charge, named after its key (a repeat of a charge of unknown outcome is
   * named as the first one): "charge 30 for tick 12" ({@code <rental_id>:12}), "debt collection 2"
   * ({@code <rental_id>:debt:2}), "final charge 45".
   */
  private static String summaryOf(PaymentRequest request) {
    String key = request.idempotencyKey();
    String last = key.substring(key.lastIndexOf(':') + 1);
    boolean numbered =
        !last.isEmpty() && last.length() < 19 && last.chars().allMatch(Character::isDigit);
    if (numbered && request.kind() == PaymentKind.CHARGE) {
      return RentalSummaries.tickCharge(request.amount(), Long.parseLong(last));
    }
    if (numbered && request.kind() == PaymentKind.DEBT_COLLECTION) {
      return RentalSummaries.debtCollection(Long.parseLong(last));
    }
    return RentalSummaries.finalCharge(request.amount()); // ":final", the only other key
  }

  /** A charge of unknown outcome counts as debt and is retried later under its own key. */
  private void rememberUnknown(PaymentRequest request) {
    state.unresolved.add(
        new PendingCharge(request.idempotencyKey(), request.amount(), request.kind()));
    ledger.record(LedgerEntry.failed(request, LedgerEntry.UNKNOWN_OUTCOME));
  }
}
