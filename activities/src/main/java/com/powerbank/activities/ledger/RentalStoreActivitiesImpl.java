package com.powerbank.activities.ledger;

import com.powerbank.activities.metrics.RentalMetrics;
import com.powerbank.activities.metrics.TickLag;
import com.powerbank.readmodel.LedgerChange;
import com.powerbank.readmodel.PaymentAttempt;
import com.powerbank.readmodel.PaymentLedgerRepository;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.readmodel.RentalWrite;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the workflow's snapshots to the read model and the payment ledger (SPEC §7), in one
 * transaction. Idempotent: the row by the snapshot's version, each ledger entry by its idempotency
 * key, so Temporal may retry it freely; a database failure is thrown, and the workflow tries again
 * later with a newer snapshot that still carries the unwritten entries.
 */
@Component
@ActivityImpl(taskQueues = "rentals")
public class RentalStoreActivitiesImpl implements RentalStoreActivities {

  /** Failure type (non-retryable) of a snapshot whose rental or quote id is not a UUID. */
  public static final String INVALID_SNAPSHOT = "INVALID_SNAPSHOT";

  private final RentalReadModelRepository rentals;
  private final PaymentLedgerRepository ledger;
  private final TransactionTemplate transaction;
  private final RentalMetrics metrics;

  public RentalStoreActivitiesImpl(
      RentalReadModelRepository rentals,
      PaymentLedgerRepository ledger,
      PlatformTransactionManager transactions,
      RentalMetrics metrics) {
    this.rentals = rentals;
    this.ledger = ledger;
    this.transaction = new TransactionTemplate(transactions);
    this.metrics = metrics;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stale snapshot leaves the row alone, but its ledger entries are still written (a
   * successful row is never changed again). A snapshot that can never be stored (an id that is not
   * a UUID) fails with {@value #INVALID_SNAPSHOT}, non-retryable; a database failure is thrown as
   * is.
   *
   * <p>The business metrics ({@link RentalMetrics}) count what this write changed, after it
   * committed: a status change, a ledger row's money, and the lag of a newly written tick charge.
   */
  @Override
  public void saveSnapshot(RentalSnapshot snapshot) {
    List<Runnable> counts;
    try {
      counts = transaction.execute(status -> write(snapshot));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), INVALID_SNAPSHOT, e);
    }
    if (counts != null) {
      counts.forEach(Runnable::run);
    }
  }

  /** Writes the row and the entries; returns the metric updates to apply once committed. */
  private List<Runnable> write(RentalSnapshot snapshot) {
    List<Runnable> counts = new ArrayList<>();
    RentalWrite write = rentals.write(snapshot);
    counts.add(() -> metrics.statusWritten(write, snapshot.status(), snapshot.failureCode()));
    if (snapshot.payments() == null) {
      return counts;
    }
    Optional<Long> tickSec = Optional.empty();
    for (LedgerEntry entry : snapshot.payments()) {
      LedgerChange change =
          ledger.write(PaymentAttempt.of(snapshot.rentalId(), snapshot.userId(), entry));
      counts.add(() -> metrics.ledgerWritten(entry, change));
      if (change.inserted() && entry.kind() == PaymentKind.CHARGE) {
        if (tickSec.isEmpty()) {
          tickSec = rentals.billingTickSecOf(snapshot.quoteId());
        }
        tickSec
            .flatMap(sec -> TickLag.of(snapshot, entry, sec))
            .ifPresent(lag -> counts.add(() -> metrics.tickCharged(lag)));
      }
    }
    return counts;
  }
}
