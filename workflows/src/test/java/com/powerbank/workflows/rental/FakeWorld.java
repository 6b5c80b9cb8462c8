package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.ChargeOutcome;
import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.activities.RentalStoreActivities;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The external world of a rental, in memory, for workflow tests: a payments service that answers a
 * repeated idempotency key with its first answer (as SPEC §3 requires of the real one), a station,
 * and the read model. Its knobs simulate declines, lost responses and empty stations.
 */
final class FakeWorld implements PaymentActivities, StationActivities, RentalStoreActivities {

  /** One money movement that happened. */
  record Movement(String key, PaymentKind kind, long amount, long atMillis) {}

  private final TestWorkflowEnvironment env;
  private final Map<String, Object> firstAnswers = new ConcurrentHashMap<>();
  private final List<Movement> ledger = new ArrayList<>();
  private final List<Movement> declines = new ArrayList<>();
  private final Map<String, Long> holds = new ConcurrentHashMap<>();
  private final Map<String, RentalSnapshot> snapshots = new ConcurrentHashMap<>();
  private final AtomicInteger ejects = new AtomicInteger();
  private final AtomicInteger chargeCalls = new AtomicInteger();

  volatile Predicate<String> declineCharges = user -> user.startsWith("poor-");
  volatile boolean declineHolds;
  volatile boolean stationEmpty;
  volatile boolean readModelDown;
  volatile boolean paymentsDown;

  /** How many eject calls hand out the bank and then "lose" the answer (throw), as a timeout. */
  final AtomicInteger ejectTimeouts = new AtomicInteger();

  /** When set, a release waits for it to open (real time): a slow settlement. */
  volatile CountDownLatch releaseGate;

  /** Opens once a release has started waiting at {@link #releaseGate}. */
  final CountDownLatch releasing = new CountDownLatch(1);

  private final Map<String, String> ejected = new ConcurrentHashMap<>();
  private final List<RentalSnapshot> allSnapshots =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> holdKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Predicate<Object> pauseAfter;
  private final CountDownLatch paused = new CountDownLatch(1);
  private final CountDownLatch resume = new CountDownLatch(1);
  private final Map<String, LedgerEntry> writtenPayments = new ConcurrentHashMap<>();

  /** How many charge calls move money and then "lose" the response (throw), as a timeout would. */
  final AtomicInteger lostResponses = new AtomicInteger();

  FakeWorld(TestWorkflowEnvironment env) {
    this.env = env;
  }

  @Override
  public void holdDeposit(PaymentRequest request) {
    if (paymentsDown) {
      throw new IllegalStateException("payments answered 503 (simulated outage)");
    }
    if (declineHolds) {
      throw ApplicationFailure.newNonRetryableFailure("Insufficient funds", DEPOSIT_DECLINED);
    }
    holds.putIfAbsent(request.rentalId(), request.amount());
    holdKeys.add(request.idempotencyKey());
  }

  @Override
  public ChargeOutcome charge(PaymentRequest request) {
    ChargeOutcome outcome = chargeOnce(request);
    pauseIfAsked(request);
    if (lostResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("read timeout (simulated lost response)");
    }
    return outcome;
  }

  private synchronized ChargeOutcome chargeOnce(PaymentRequest request) {
    chargeCalls.incrementAndGet();
    return (ChargeOutcome)
        firstAnswers.computeIfAbsent(
            request.idempotencyKey(),
            key -> {
              if (declineCharges.test(request.userId())) {
                declines.add(
                    new Movement(key, request.kind(), request.amount(), env.currentTimeMillis()));
                return ChargeOutcome.DECLINED;
              }
              ledger.add(
                  new Movement(key, request.kind(), request.amount(), env.currentTimeMillis()));
              return ChargeOutcome.CHARGED;
            });
  }

  /**
   * The first charge or snapshot write matching {@code call}, once done, holds its answer back
   * until {@link #resume()}: a slow answer, during which the test can crash the worker or send a
   * stop.
   */
  void pauseAfter(Predicate<Object> call) {
    pauseAfter = call;
  }

  /** Waits (real time) until the paused call has done its work. */
  void awaitPaused() {
    await(paused);
  }

  /** Lets the paused call answer. */
  void resume() {
    resume.countDown();
  }

  private void pauseIfAsked(Object call) {
    Predicate<Object> pause = pauseAfter;
    if (pause != null && pause.test(call)) {
      pauseAfter = null;
      paused.countDown();
      await(resume);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out waiting in the fake world");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized long captureFromHold(PaymentRequest request) {
    Object first = firstAnswers.get(request.idempotencyKey());
    if (first != null) {
      return (Long) first;
    }
    long held = holds.getOrDefault(request.rentalId(), 0L);
    long captured = Math.min(held, request.amount());
    holds.put(request.rentalId(), held - captured);
    ledger.add(
        new Movement(
            request.idempotencyKey(), PaymentKind.CAPTURE, captured, env.currentTimeMillis()));
    firstAnswers.put(request.idempotencyKey(), captured);
    return captured;
  }

  @Override
  public long releaseHold(PaymentRequest request) {
    if (releaseGate != null) {
      releasing.countDown();
      await(releaseGate);
    }
    return releaseOnce(request);
  }

  private synchronized long releaseOnce(PaymentRequest request) {
    Long left = holds.remove(request.rentalId());
    return left == null ? 0 : left;
  }

  @Override
  public synchronized long refund(PaymentRequest request) {
    Object first = firstAnswers.get(request.idempotencyKey());
    if (first != null) {
      return (Long) first;
    }
    long charged =
        ledger.stream()
            .filter(m -> m.key().startsWith(request.rentalId()))
            .mapToLong(Movement::amount)
            .sum();
    long refunded = Math.min(charged, request.amount());
    ledger.add(
        new Movement(
            request.idempotencyKey(), PaymentKind.REFUND, -refunded, env.currentTimeMillis()));
    firstAnswers.put(request.idempotencyKey(), refunded);
    return refunded;
  }

  @Override
  public String eject(String rentalId, String stationId) {
    if (stationEmpty) {
      throw ApplicationFailure.newNonRetryableFailure("station is empty", EJECT_FAILED);
    }
    // keyed by rental, as the real eject is: a repeated call hands out no second bank
    String bank = ejected.computeIfAbsent(rentalId, r -> "pb-" + ejects.incrementAndGet());
    if (ejectTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("read timeout (the bank came out, the answer did not)");
    }
    return bank;
  }

  @Override
  public void returnPowerbank(String stationId, String powerbankId, String rentalId) {}

  @Override
  public void saveSnapshot(RentalSnapshot snapshot) {
    if (readModelDown) {
      throw new IllegalStateException("connection refused (simulated database outage)");
    }
    if (snapshot.payments() != null) {
      snapshot
          .payments()
          .forEach(
              p -> writtenPayments.merge(p.idempotencyKey(), p, (a, b) -> a.success() ? a : b));
    }
    allSnapshots.add(snapshot);
    snapshots.merge(
        snapshot.rentalId(), snapshot, (old, neu) -> neu.version() > old.version() ? neu : old);
    pauseIfAsked(snapshot);
  }

  synchronized long chargedTotal() {
    return ledger.stream().mapToLong(Movement::amount).sum();
  }

  synchronized List<Movement> ledger() {
    return List.copyOf(ledger);
  }

  synchronized List<Movement> declines() {
    return List.copyOf(declines);
  }

  boolean holdOpen(String rentalId) {
    return holds.containsKey(rentalId);
  }

  List<String> holdKeys() {
    return List.copyOf(holdKeys);
  }

  int ejects() {
    return ejects.get();
  }

  int chargeCalls() {
    return chargeCalls.get();
  }

  /** The ledger as written to the read model: key to entry (a success is never overwritten). */
  Map<String, LedgerEntry> writtenPayments() {
    return Map.copyOf(writtenPayments);
  }

  /** Every distinct next-debt-attempt time the workflow's snapshots carried, in order. */
  List<Long> scheduledDebtAttempts(String rentalId) {
    return allSnapshots.stream()
        .filter(s -> s.rentalId().equals(rentalId) && s.nextDebtAttemptAtMillis() != null)
        .map(RentalSnapshot::nextDebtAttemptAtMillis)
        .distinct()
        .toList();
  }

  RentalSnapshot snapshot(String rentalId) {
    return snapshots.get(rentalId);
  }
}
