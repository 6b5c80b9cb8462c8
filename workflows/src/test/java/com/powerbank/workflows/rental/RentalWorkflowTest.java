package com.powerbank.workflows.rental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.powerbank.workflows.activities.PaymentKind;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.RentalTerms;
import com.powerbank.workflows.billing.Tariff;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeWorld world;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    for (String name : List.of("RentalStatus", "UserId", "StationId", "PowerbankId")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(RentalWorkflow.TASK_QUEUE);
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

    List<Long> failedCollections =
        world.declines().stream()
            .filter(m -> m.kind() == PaymentKind.DEBT_COLLECTION)
            .map(FakeWorld.Movement::atMillis)
            .toList();
    assertThat(failedCollections).hasSize(2);
    List<FakeWorld.Movement> collected =
        world.ledger().stream().filter(m -> m.kind() == PaymentKind.DEBT_COLLECTION).toList();
    assertThat(collected)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.amount()).isLessThanOrEqualTo(3));
    assertThat(collected.stream().mapToLong(FakeWorld.Movement::amount).sum()).isEqualTo(10);
    long firstGap = failedCollections.get(1) - failedCollections.get(0);
    long secondGap = collected.get(0).atMillis() - failedCollections.get(1);
    assertThat(firstGap).isBetween(120_000L, 121_000L); // 60 s, then 120 s after one failure
    assertThat(secondGap).isGreaterThan(firstGap);
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

    RentalReceipt receipt = client.newUntypedWorkflowStub(id).getResult(RentalReceipt.class);
    assertThat(receipt.status()).isEqualTo(RentalStatus.FAILED);
    assertThat(world.holdOpen(id)).isFalse();
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
    started.add(id);
    RentalWorkflow workflow =
        client.newWorkflowStub(
            RentalWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(RentalWorkflow.TASK_QUEUE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
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
