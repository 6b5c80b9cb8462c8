package com.powerbank.workflows.rental;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.billing.Billing;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole state of one rental workflow: status, times, money, the debt schedule and what the read
 * model still lacks. It is carried across continue-as-new as it is ({@link
 * RentalInput#progress()}), and the query view, the receipt and the read-model snapshot are each
 * made from it here, in one place. A plain object of the workflow thread: no I/O, no clock.
 *
 * <p>Times are epoch milliseconds of workflow time (null when not reached yet); money in whole
 * currency units. The JSON names are the ones recorded in histories (they were the components of
 * the former {@code RentalProgress} record), so a continue-as-new input written by an older worker
 * still reads.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE,
    setterVisibility = Visibility.NONE)
public final class RentalState {

  RentalStatus status = RentalStatus.PENDING;
  String failureCode;
  String powerbankId;
  Long startedAtMillis;
  Long finishedAtMillis;
  String returnStationId;

  /** Index of the last billing tick handled (tick n falls at {@code started + n * tick}). */
  long lastTick;

  long paid;
  long debt;
  long totalAmount;

  /** Charges of unknown outcome: counted as debt, repeated under their own keys. */
  @JsonSetter(nulls = Nulls.AS_EMPTY)
  List<PendingCharge> unresolved = new ArrayList<>();

  /** How many debt chunks were charged so far (for their idempotency keys). */
  long debtCharges;

  /** Failed collection attempts in a row (drives the back-off). */
  int debtAttempts;

  Long nextDebtAttemptAtMillis;

  /** The receipt once the rental ended, else null. */
  RentalReceipt receipt;

  /** Version of the last read-model snapshot written. */
  long snapshotVersion;

  /** Ledger entries not yet in {@code payment_attempts} (the read model was unreachable). */
  @JsonSetter(nulls = Nulls.AS_EMPTY)
  List<LedgerEntry> unwrittenPayments = new ArrayList<>();

  /** When the next read-model write is tried after a failed one; null when up to date. */
  Long readModelRetryAtMillis;

  /** Failed read-model writes in a row (drives that retry's back-off). */
  int readModelFailures;

  /** A stop was accepted (set by the update handler; never carried: no continue-as-new then). */
  @JsonIgnore boolean stopRequested;

  /** The moment the client asked to stop (its request time), null when not given. */
  @JsonIgnore Long stopRequestedAt;

  /** The total is fixed at the buyout price: from here on a stop is refused. */
  @JsonIgnore boolean endingAsBuyout;

  /** The status shown to a refused stop (a rental ending as a buyout shows BUYOUT). */
  RentalStatus shownStatus() {
    return endingAsBuyout ? RentalStatus.BUYOUT : status;
  }

  /** Whole seconds from the start to {@code atMillis} (SPEC §5 bills whole seconds). */
  long elapsedSec(long atMillis) {
    return Billing.elapsedSec(startedAtMillis, atMillis);
  }

  long unresolvedAmount() {
    return unresolved.stream().mapToLong(PendingCharge::amount).sum();
  }

  /** Debt whose charges are known to have failed: what may be charged again under a new key. */
  long plainDebt() {
    return debt - unresolvedAmount();
  }

  /** The query view (SPEC §4 status), for the rental started from {@code input}. */
  RentalView view(RentalInput input) {
    return new RentalView(
        input.rentalId(),
        input.userId(),
        input.stationId(),
        status,
        failureCode,
        powerbankId,
        startedAtMillis,
        finishedAtMillis,
        lastTick,
        paid,
        debt,
        unresolvedAmount(),
        totalAmount,
        nextDebtAttemptAtMillis);
  }

  /** The receipt of the rental as it stands (given to every stop once it ended). */
  RentalReceipt receipt(String rentalId) {
    return new RentalReceipt(
        rentalId,
        status,
        powerbankId,
        returnStationId,
        startedAtMillis,
        finishedAtMillis,
        totalAmount,
        paid,
        debt,
        Billing.durationMinutes(startedAtMillis, finishedAtMillis),
        failureCode);
  }

  /**
   * The read-model row (SPEC §7) with the ledger entries {@code batch}: while the rental runs its
   * total is what the ticks billed so far; once the end is fixed, the final total.
   */
  RentalSnapshot snapshot(RentalInput input, List<LedgerEntry> batch) {
    var terms = input.terms();
    return new RentalSnapshot(
        input.rentalId(),
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
        startedAtMillis,
        finishedAtMillis,
        paid,
        debt,
        status.isEnded() || finishedAtMillis != null
            ? totalAmount
            : Billing.due(terms, lastTick * terms.billingTickSec()),
        debtAttempts,
        nextDebtAttemptAtMillis,
        snapshotVersion,
        batch);
  }

  /** A one-line summary for the Web UI's "current details". */
  String summary() {
    return String.format(
        "**%s** · powerbank %s · paid %d · debt %d · total %d",
        status, powerbankId == null ? "-" : powerbankId, paid, debt, totalAmount);
  }
}
