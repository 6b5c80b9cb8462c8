package com.powerbank.workflows.rental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.powerbank.workflows.activities.LedgerEntry;
import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.activities.PaymentRequest;
import com.powerbank.workflows.activities.RentalSnapshot;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.RentalTerms;
import com.powerbank.workflows.billing.Tariff;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The rental workflow on Temporal's time-skipping test environment (SPEC §5, §6, §8). */
class RentalWorkflowTest {

  private static final RentalTerms STANDARD =
      new RentalTerms(new Tariff(60, 5, 500), 5000, 30, 100);
  private static final RentalTerms FAST = new RentalTerms(new Tariff(3600, 0, 100), 5000, 30, 100);

  private final List<String> started = new ArrayList<>();
  private final WorkerCrash crash = new WorkerCrash();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeWorld world;
  private Worker worker;

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkerInterceptors(crash).build())
                .build());
    for (String name : List.of("RentalStatus", "UserId", "StationId", "PowerbankId")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    worker = env.newWorker(RentalWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RentalWorkflowImpl.class);
    world = new FakeWorld(env);
    worker.registerActivitiesImplementations(world);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown(TestInfo test) throws Exception {
    HistoryRecorder.recordIfAsked(client, test, started);
    env.close();
  }

  @Test
  void ninetyMinuteRentalCosts90AndTheLedgerSumsTo90() {
    Rental rental = start("user-1", STANDARD);
    env.sleep(Duration.ofMinutes(90));

    RentalReceipt receipt = rental.stop("station-2");

    assertThat(receipt.status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(receipt.totalAmount()).isEqualTo(90);
    assertThat(receipt.paidAmount()).isEqualTo(90);
    assertThat(receipt.currentDebt()).isZero();
    assertThat(receipt.durationMinutes()).isIn(89L, 90L);
    assertThat(world.chargedTotal()).isEqualTo(90);
    assertThat(world.holdOpen(rental.id)).as("hold released").isFalse();
    assertThat(world.snapshot(rental.id).status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(world.snapshot(rental.id).paidAmount()).isEqualTo(90);
  }

  @Test
  void everyChargeCarriesItsTickKeyAndKeepsPaidPlusDebtEqualToDue() {
    Rental rental = start("user-keys", STANDARD);
    env.sleep(Duration.ofMinutes(20).plusSeconds(10));

    RentalView view = rental.state();
    assertThat(view.lastTick()).isEqualTo(40);
    assertThat(view.paidAmount() + view.debtAmount())
        .isEqualTo(Billing.due(STANDARD, view.lastTick() * 30));
    List<FakeWorld.Movement> charges = world.ledger();
    assertThat(charges).extracting(FakeWorld.Movement::key).doesNotHaveDuplicates();
    assertThat(charges)
        .allSatisfy(m -> assertThat(m.key()).matches(rental.id + ":\\d+"))
        .hasSize(15); // ticks 11..40, one charge per whole unit at 1 unit a minute
  }

  @Test
  void stopIsBilledToTheSecondItWasRequestedNotWhenTheWorkflowGotToIt() {
    Rental rental = start("user-late-stop", FAST);
    long startedAt = rental.state().startedAtMillis();
    env.sleep(Duration.ofSeconds(95));

    RentalReceipt receipt = stub(rental.id).stop(new StopRequest("station-2", startedAt + 93_000));

    assertThat(receipt.finishedAtMillis()).isEqualTo(startedAt + 93_000);
    assertThat(receipt.totalAmount()).isEqualTo(93);
    assertThat(receipt.paidAmount()).isEqualTo(93);
    assertThat(world.chargedTotal()).isEqualTo(93);
    assertThat(world.ledger())
        .filteredOn(m -> m.kind() == PaymentKind.FINAL_CHARGE)
        .singleElement()
        .satisfies(m -> assertThat(m.amount()).isEqualTo(3));
  }

  @Test
  void freePeriodChargesNothingAndCallsNoActivity() {
    Rental rental = start("user-free", STANDARD);
    env.sleep(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(world.chargeCalls()).isZero();

    RentalReceipt receipt = rental.stop("station-1");
    assertThat(receipt.totalAmount()).isZero();
    assertThat(world.chargeCalls()).isZero();
  }

  @Test
  void poorUserAccruesDebtEqualToWhatIsDueAndPaysNothing() {
    Rental rental = start("poor-1", STANDARD);
    env.sleep(Duration.ofMinutes(30).plusSeconds(5));

    RentalView view = rental.state();
    long due = Billing.due(STANDARD, view.lastTick() * 30);
    assertThat(due).isEqualTo(30);
    assertThat(view.debtAmount()).isEqualTo(due);
    assertThat(view.paidAmount()).isZero();
    assertThat(world.chargedTotal()).isZero();
  }

  @Test
  void debtIsCollectedInChunksWithGrowingGapsOnceThePayerRecovers() {
    RentalTerms smallSteps = new RentalTerms(new Tariff(60, 5, 500), 5000, 30, 3);
    Rental rental = start("poor-recovers", smallSteps);
    env.sleep(Duration.ofMinutes(10));
    world.declineCharges = user -> false;
    env.sleep(Duration.ofMinutes(10));

    RentalView view = rental.state();
    assertThat(view.debtAmount()).isZero();
    assertThat(view.paidAmount()).isEqualTo(Billing.due(smallSteps, view.lastTick() * 30));
    assertThat(
            world.declines().stream().filter(m -> m.kind() == PaymentKind.DEBT_COLLECTION).count())
        .isEqualTo(2);
    List<FakeWorld.Movement> collected =
        world.ledger().stream().filter(m -> m.kind() == PaymentKind.DEBT_COLLECTION).toList();
    assertThat(collected)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.amount()).isLessThanOrEqualTo(3));
    assertThat(collected.stream().mapToLong(FakeWorld.Movement::amount).sum()).isEqualTo(10);
    // The times the workflow scheduled, not when an activity happened to run: debt arose at tick
    // 11 (5 min 30 s), the first attempt 60 s later, then 120 s and 240 s after each failed one.
    List<Long> scheduled = world.scheduledDebtAttempts(rental.id);
    assertThat(scheduled.get(0) - view.startedAtMillis()).isBetween(390_000L, 391_000L);
    assertThat(scheduled.get(1) - scheduled.get(0)).isEqualTo(120_000);
    assertThat(scheduled.get(2) - scheduled.get(1)).isEqualTo(240_000);
  }

  @Test
  void theWebUiShowsWhatEachTimerAndActivityIsFor() {
    Rental rental = start("user-summaries", FAST);
    env.sleep(Duration.ofSeconds(65));
    rental.stop("station-2");

    List<String> summaries =
        client.fetchHistory(rental.id).getHistory().getEventsList().stream()
            .filter(e -> e.hasUserMetadata() && e.getUserMetadata().hasSummary())
            .map(e -> e.getEventType() + " " + summaryOf(e))
            .toList();
    assertThat(summaries)
        .contains(
            "EVENT_TYPE_MARKER_RECORDED deposit hold 100",
            "EVENT_TYPE_MARKER_RECORDED eject at station-1",
            "EVENT_TYPE_TIMER_STARTED tick 1",
            "EVENT_TYPE_TIMER_STARTED tick 2",
            "EVENT_TYPE_MARKER_RECORDED charge 30 for tick 1",
            "EVENT_TYPE_MARKER_RECORDED charge 30 for tick 2")
        .anyMatch(s -> s.startsWith("EVENT_TYPE_ACTIVITY_TASK_SCHEDULED final charge "));
  }

  @Test
  void aStartIsOneWorkflowTaskWithNoActivityTask() {
    Rental rental = start("user-one-task", STANDARD);

    List<EventType> untilTheFirstTick =
        client.fetchHistory(rental.id).getHistory().getEventsList().stream()
            .map(HistoryEvent::getEventType)
            .takeWhile(type -> type != EventType.EVENT_TYPE_TIMER_STARTED)
            .toList();
    assertThat(untilTheFirstTick)
        .containsOnlyOnce(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertThat(untilTheFirstTick.stream().filter(EventType.EVENT_TYPE_MARKER_RECORDED::equals))
        .as("two versions, read model, hold, eject, read model")
        .hasSize(6);
    assertThat(world.ejects()).isEqualTo(1);
  }

  private static String summaryOf(HistoryEvent event) {
    return event
        .getUserMetadata()
        .getSummary()
        .getData()
        .toString(StandardCharsets.UTF_8)
        .replace("\"", "");
  }

  @Test
  void buyoutEndsTheRentalWithExactlyTheBuyoutPriceCharged() {
    RentalTerms lowBuyout = new RentalTerms(new Tariff(3600, 0, 100), 100, 30, 100);
    Rental rental = start("user-buyout", lowBuyout);

    RentalReceipt receipt = rental.result();

    assertThat(receipt.status()).isEqualTo(RentalStatus.BUYOUT);
    assertThat(receipt.totalAmount()).isEqualTo(100);
    assertThat(world.chargedTotal()).isEqualTo(100);
    assertThat(world.holdOpen(rental.id)).isFalse();
    assertThatThrownBy(() -> rental.stop("station-1")).isInstanceOf(Exception.class);
  }

  @Test
  void poorUserBuyoutTakesTheDepositAndKeepsTheRestAsDebt() {
    RentalTerms lowBuyout = new RentalTerms(new Tariff(3600, 0, 100), 300, 30, 100);
    Rental rental = start("poor-buyout", lowBuyout);
    env.sleep(Duration.ofMinutes(6));

    RentalView view = rental.state();
    assertThat(view.status()).isEqualTo(RentalStatus.BUYOUT);
    assertThat(view.totalAmount()).isEqualTo(300);
    assertThat(view.paidAmount()).isEqualTo(100); // captured from the deposit hold
    assertThat(view.debtAmount()).isEqualTo(200);
    assertThat(world.chargedTotal()).isEqualTo(100);
  }

  @Test
  void ejectFailureFailsTheRentalAndReleasesTheHold() {
    world.stationEmpty = true;
    String id = UUID.randomUUID().toString();

    assertThatThrownBy(() -> startRaw(id, "user-eject", STANDARD))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(RentalFailures.EJECT_FAILED));

    assertThat(world.holdOpen(id)).as("released before the start answered").isFalse();
    RentalReceipt receipt = client.newUntypedWorkflowStub(id).getResult(RentalReceipt.class);
    assertThat(receipt.status()).isEqualTo(RentalStatus.FAILED);
    assertThat(world.snapshot(id).failureCode()).isEqualTo(RentalFailures.EJECT_FAILED);
  }

  @Test
  void declinedDepositEjectsNothing() {
    world.declineHolds = true;
    String id = UUID.randomUUID().toString();

    assertThatThrownBy(() -> startRaw(id, "broke-1", STANDARD))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(RentalFailures.DEPOSIT_DECLINED));
    assertThat(world.ejects()).isZero();
  }

  @Test
  void repeatedStartReturnsTheSameRentalAndEjectsOnce() {
    String id = UUID.randomUUID().toString();
    StartResult first = startRaw(id, "user-repeat", STANDARD);
    StartResult second = startRaw(id, "user-repeat", STANDARD);

    assertThat(second).isEqualTo(first);
    assertThat(world.ejects()).isEqualTo(1);
  }

  @Test
  void repeatedStopReturnsTheSameReceipt() {
    RentalTerms withDebt = new RentalTerms(new Tariff(3600, 0, 100), 5000, 30, 100);
    Rental rental = start("poor-stop", withDebt);
    env.sleep(Duration.ofMinutes(5));

    RentalReceipt first = rental.stop("station-3");
    RentalReceipt second = rental.stop("station-4");

    assertThat(second).isEqualTo(first);
    assertThat(first.returnStationId()).isEqualTo("station-3");
    assertThat(first.paidAmount()).as("debt captured from the deposit").isEqualTo(100);
    assertThat(first.currentDebt()).isEqualTo(first.totalAmount() - 100);
  }

  @Test
  void aRetriedChargeMovesMoneyOnce() {
    world.lostResponses.set(2);
    Rental rental = start("user-retry", FAST);
    env.sleep(Duration.ofSeconds(95));

    RentalView view = rental.state();
    assertThat(world.chargeCalls()).isGreaterThan(world.ledger().size());
    assertThat(world.ledger()).extracting(FakeWorld.Movement::key).doesNotHaveDuplicates();
    assertThat(world.chargedTotal()).isEqualTo(view.paidAmount()).isEqualTo(90);
    assertThat(view.debtAmount()).isZero();
  }

  @Test
  void threeDayRentalBillsCorrectlyAcrossContinueAsNew() {
    String id = UUID.randomUUID().toString();
    RentalInput input =
        new RentalInput(id, "quote-3d", "user-3d", "station-1", STANDARD, 300, null);
    startRaw(id, input);
    String firstRunId = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    env.sleep(Duration.ofDays(3));

    RentalReceipt receipt = stub(id).stop(new StopRequest("station-1"));

    assertThat(receipt.totalAmount())
        .isEqualTo(Billing.due(STANDARD, Duration.ofDays(3).toSeconds() - 1));
    assertThat(receipt.totalAmount()).isBetween(4319L, 4320L);
    assertThat(receipt.paidAmount()).isEqualTo(receipt.totalAmount());
    assertThat(world.chargedTotal()).isEqualTo(receipt.totalAmount());
    String lastRunId = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    assertThat(lastRunId).as("continued as new at least once").isNotEqualTo(firstRunId);
  }

  // ---- issue 6: money exactly once across crashes ----

  @Test
  void aTickChargedBeforeAWorkerCrashIsNotChargedAgainUnderTheStopsKey() throws Exception {
    Rental rental = start("user-crash", FAST);
    long startedAt = rental.state().startedAtMillis();
    String tick1 = rental.id + ":1";
    world.pauseAfter(call -> call instanceof PaymentRequest r && r.idempotencyKey().equals(tick1));
    crash.arm(call -> call instanceof PaymentRequest r && r.idempotencyKey().equals(tick1));

    RentalReceipt receipt =
        stopWhilePaused(rental.id, new StopRequest("station-2", startedAt + 31_000));

    assertThat(world.chargedTotal()).as("what the provider took").isEqualTo(receipt.paidAmount());
    assertThat(receipt.totalAmount())
        .isEqualTo(Billing.due(FAST, (receipt.finishedAtMillis() - startedAt) / 1000))
        .isEqualTo(receipt.paidAmount())
        .isBetween(30L, 31L);
    assertThat(world.ledger()).extracting(FakeWorld.Movement::key).startsWith(tick1);
    assertThat(world.writtenPayments()).containsKey(tick1);
    assertThat(world.writtenPayments().values())
        .filteredOn(LedgerEntry::success)
        .filteredOn(e -> e.kind() != PaymentKind.HOLD && e.kind() != PaymentKind.RELEASE)
        .extracting(LedgerEntry::amount)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Long.class))
        .satisfies(
            amounts ->
                assertThat(amounts.stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(receipt.paidAmount()));
  }

  /**
   * What makes a crash safe: a retried task gets the fired timer and a stop that arrived meanwhile
   * together, and must first charge the tick the lost task may have charged, under its own key.
   * (Temporal's test server never hands a retried task an update, so this shows the ordering with a
   * worker that was down, without the crash; make chaos shows the crash on the real server.)
   */
  @Test
  void aStopArrivingWithADueTickChargesTheTickUnderItsOwnKeyFirst() throws Exception {
    Rental rental = start("user-together", FAST);
    long startedAt = rental.state().startedAtMillis();
    worker.suspendPolling(); // the worker is down when tick 1 falls due
    env.sleep(Duration.ofSeconds(31));
    CompletableFuture<RentalReceipt> stop =
        CompletableFuture.supplyAsync(
            () -> stub(rental.id).stop(new StopRequest("station-2", startedAt + 31_000)));
    Thread.sleep(1_000); // real time: the stop is with the server before the worker is back
    worker.resumePolling();
    RentalReceipt receipt = stop.get(60, TimeUnit.SECONDS);

    assertThat(world.ledger())
        .extracting(FakeWorld.Movement::key)
        .containsExactly(rental.id + ":1", rental.id + ":final");
    assertThat(receipt.totalAmount()).isEqualTo(31).isEqualTo(world.chargedTotal());
  }

  @Test
  void theReadModelNeverGoesBackAfterACrashThatLostWrittenSnapshots() throws Exception {
    Rental rental = start("user-snapshots", FAST);
    long startedAt = rental.state().startedAtMillis();
    world.pauseAfter(call -> call instanceof RentalSnapshot s && s.paidAmount() == 30);
    crash.arm(call -> call instanceof RentalSnapshot s && s.paidAmount() == 30);

    RentalReceipt receipt =
        stopWhilePaused(rental.id, new StopRequest("station-2", startedAt + 31_000));

    RentalSnapshot stored = world.snapshot(rental.id);
    assertThat(receipt.status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(stored.status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(stored.paidAmount()).isEqualTo(receipt.paidAmount());
    assertThat(stored.totalAmount()).isEqualTo(receipt.totalAmount());
  }

  @Test
  void aTickChargedAfterTheStopMomentIsGivenBack() {
    Rental rental = start("user-late", FAST);
    long startedAt = rental.state().startedAtMillis();
    env.sleep(Duration.ofSeconds(31)); // tick 1 (30 s) charged 30 before the stop arrives

    RentalReceipt receipt = stub(rental.id).stop(new StopRequest("station-2", startedAt + 29_500));

    assertThat(receipt.totalAmount()).isEqualTo(29);
    assertThat(receipt.paidAmount()).isEqualTo(29);
    assertThat(world.chargedTotal()).as("30 charged, 1 refunded").isEqualTo(29);
    assertThat(world.ledger())
        .filteredOn(m -> m.kind() == PaymentKind.REFUND)
        .singleElement()
        .satisfies(m -> assertThat(m.key()).isEqualTo(rental.id + ":refund"));
  }

  @Test
  void billingGoesOnWhileTheReadModelIsDownAndTheLedgerCatchesUpAfter() {
    Rental rental = start("user-db-outage", FAST);
    world.readModelDown = true;
    // 15 s off the tick grid: a query exactly at a tick could see the state before that tick
    env.sleep(Duration.ofMinutes(15).plusSeconds(15));

    RentalView during = rental.state();
    assertThat(during.status()).isEqualTo(RentalStatus.ACTIVE);
    assertThat(during.lastTick()).as("ticks went on").isGreaterThanOrEqualTo(29);
    assertThat(world.chargedTotal())
        .as("a charge every tick")
        .isEqualTo(during.paidAmount())
        .isEqualTo(Billing.due(FAST, during.lastTick() * 30));
    assertThat(world.snapshot(rental.id).paidAmount()).as("read model behind").isZero();

    world.readModelDown = false;
    env.sleep(Duration.ofMinutes(2));
    RentalReceipt receipt = rental.stop("station-2");

    assertThat(receipt.paidAmount()).isEqualTo(world.chargedTotal());
    assertThat(world.snapshot(rental.id).status()).isEqualTo(RentalStatus.FINISHED);
    assertThat(world.snapshot(rental.id).paidAmount()).isEqualTo(receipt.paidAmount());
    assertThat(world.writtenPayments().keySet())
        .containsAll(world.ledger().stream().map(FakeWorld.Movement::key).toList());
  }

  @Test
  void aRentalThatNeverReachesTheBuyoutPriceEndsAsABuyoutAfterTheMaximumTime() {
    RentalTerms free = new RentalTerms(new Tariff(0, 0, 100), 500, 30, 100, 2);
    Rental rental = start("user-forever", free);

    RentalReceipt receipt = rental.result();

    assertThat(receipt.status()).isEqualTo(RentalStatus.BUYOUT);
    assertThat(receipt.totalAmount()).isEqualTo(500);
    assertThat(receipt.finishedAtMillis() - receipt.startedAtMillis())
        .isEqualTo(Duration.ofHours(2).toMillis());
    assertThat(receipt.paidAmount()).isEqualTo(500);
    assertThat(world.chargedTotal()).isEqualTo(500);
    assertThat(world.holdOpen(rental.id)).isFalse();
  }

  // ---- issue 7: outcomes never left unknown, every stop answered the same ----

  @Test
  void anEjectWhoseAnswersTimedOutIsAskedAgainNotTakenForAFailure() {
    // six lost answers: 35 s of back-off (real time: local activity retries run in the worker),
    // past the old 30-s give-up; the bank came out at the first call
    world.ejectTimeouts.set(6);
    Rental rental = startWhileTimePasses("user-slow-eject", STANDARD);

    assertThat(rental.state().status()).isEqualTo(RentalStatus.ACTIVE);
    assertThat(rental.state().powerbankId()).isEqualTo("pb-1");
    assertThat(world.ejects()).as("one bank left the station").isEqualTo(1);
    assertThat(world.holdOpen(rental.id)).as("the deposit stays held").isTrue();
  }

  @Test
  void aStopDuringBuyoutSettlementIsRefusedEveryTime() throws Exception {
    RentalTerms lowBuyout = new RentalTerms(new Tariff(3600, 0, 100), 30, 30, 100);
    world.releaseGate = new CountDownLatch(1);
    Rental rental = start("user-buyout-race", lowBuyout);
    CompletableFuture<Void> clock =
        CompletableFuture.runAsync(() -> env.sleep(Duration.ofSeconds(31)));
    assertThat(world.releasing.await(30, TimeUnit.SECONDS)).isTrue();

    RentalSnapshot settling = world.snapshot(rental.id);
    assertThat(settling.status()).isEqualTo(RentalStatus.ACTIVE);
    assertThat(settling.finishedAtMillis()).as("the end is known while it settles").isNotNull();
    assertThat(settling.totalAmount()).isEqualTo(30);
    Supplier<Throwable> stop = () -> catchThrowable(() -> rental.stop("station-1"));
    Throwable first = stop.get();
    Throwable second = stop.get();
    world.releaseGate.countDown();
    clock.get(30, TimeUnit.SECONDS);

    // (once the workflow has closed, the API answers from the read model: BUYOUT is 409 too)
    assertThat(rental.result().status()).isEqualTo(RentalStatus.BUYOUT);
    for (Throwable answer : List.of(first, second)) {
      // a validator's rejection arrives wrapped by the SDK; its type is in the cause chain
      assertThat(answer).isInstanceOf(WorkflowUpdateException.class);
      assertThat(failureTypes(answer)).contains(RentalFailures.RENTAL_NOT_ACTIVE);
    }
  }

  @Test
  void aStartThatFoundPaymentsDownFailsItsRunSoTheSameIdMayStartAgain() {
    world.paymentsDown = true;
    String id = UUID.randomUUID().toString();

    assertThatThrownBy(() -> whileTimePasses(() -> startRaw(id, "user-503", STANDARD)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(RentalFailures.PAYMENTS_UNAVAILABLE));
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(id).getResult(RentalReceipt.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(world.ejects()).isZero();

    world.paymentsDown = false;
    StartResult retried =
        startRaw(
            id,
            "user-503",
            STANDARD,
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);

    assertThat(retried.status()).isEqualTo(RentalStatus.ACTIVE);
    assertThat(world.holdOpen(id)).isTrue();
    assertThat(world.holdKeys())
        .hasSize(1)
        .allSatisfy(k -> assertThat(k).startsWith(id + ":hold:"));
  }

  private static List<String> failureTypes(Throwable e) {
    List<String> types = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure f) {
        types.add(f.getType());
      }
    }
    return types;
  }

  /** Starts a rental while a minute of (skipped) time passes, for starts that retry. */
  private Rental startWhileTimePasses(String userId, RentalTerms terms) {
    String id = UUID.randomUUID().toString();
    whileTimePasses(() -> startRaw(id, userId, terms));
    return new Rental(id);
  }

  /** Runs {@code call} while a minute of (skipped) time passes; rethrows what it threw. */
  private <T> T whileTimePasses(Supplier<T> call) {
    CompletableFuture<T> result = CompletableFuture.supplyAsync(call);
    env.sleep(Duration.ofMinutes(1));
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Lets time run to the first tick; while the paused call holds its answer back the worker goes
   * "down" (stops polling), its task fails (the armed {@link WorkerCrash}), and {@code stop} is
   * sent; then the worker comes back and gets the retried task and the stop together, as a
   * restarted worker does on a real server.
   */
  private RentalReceipt stopWhilePaused(String id, StopRequest stop) throws Exception {
    CompletableFuture<Void> clock =
        CompletableFuture.runAsync(() -> env.sleep(Duration.ofSeconds(31)));
    world.awaitPaused();
    worker.suspendPolling();
    world.resume();
    Thread.sleep(500); // real time: the lost task fails
    CompletableFuture<RentalReceipt> receipt =
        CompletableFuture.supplyAsync(() -> stub(id).stop(stop));
    Thread.sleep(1_000); // real time: the stop is with the server while the worker is down
    worker.resumePolling();
    clock.get(60, TimeUnit.SECONDS);
    return receipt.get(60, TimeUnit.SECONDS);
  }

  // ---- helpers ----

  private final class Rental {
    final String id;

    Rental(String id) {
      this.id = id;
    }

    RentalReceipt stop(String station) {
      return stub(id).stop(new StopRequest(station));
    }

    RentalView state() {
      return stub(id).state();
    }

    RentalReceipt result() {
      return client.newUntypedWorkflowStub(id).getResult(RentalReceipt.class);
    }
  }

  private Rental start(String userId, RentalTerms terms) {
    String id = UUID.randomUUID().toString();
    StartResult started = startRaw(id, userId, terms);
    assertThat(started.status()).isEqualTo(RentalStatus.ACTIVE);
    assertThat(started.powerbankId()).startsWith("pb-");
    return new Rental(id);
  }

  private StartResult startRaw(String id, String userId, RentalTerms terms) {
    return startRaw(id, RentalInput.fresh(id, "quote-" + id, userId, "station-1", terms));
  }

  private StartResult startRaw(String id, RentalInput input) {
    return startRaw(id, input, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  private StartResult startRaw(
      String id, String userId, RentalTerms terms, WorkflowIdReusePolicy reuse) {
    return startRaw(id, RentalInput.fresh(id, "quote-" + id, userId, "station-1", terms), reuse);
  }

  private StartResult startRaw(String id, RentalInput input, WorkflowIdReusePolicy reuse) {
    started.add(id);
    RentalWorkflow workflow =
        client.newWorkflowStub(
            RentalWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(RentalWorkflow.TASK_QUEUE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(reuse)
                .setTypedSearchAttributes(
                    RentalSearchAttributes.atStart(input.userId(), input.stationId()))
                .build());
    return WorkflowClient.executeUpdateWithStart(
        workflow::awaitStarted,
        UpdateOptions.<StartResult>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, input));
  }

  private RentalWorkflow stub(String id) {
    return client.newWorkflowStub(RentalWorkflow.class, id);
  }
}
