package com.powerbank.workflows.rental;

import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.workflows.billing.RentalTerms;
import com.powerbank.workflows.billing.Tariff;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Web UI's summaries of a rental, and the summarized wait (issue 9). */
class RentalSummariesTest {

  private static final String QUEUE = "summaries";
  private static final String PLAIN_QUEUE = "plain-await";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  /** A workflow that only waits, as the billing loop does between ticks. */
  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    boolean waitForTick(long seconds);

    @SignalMethod
    void wake();
  }

  /** Waits for tick 3 with {@link RentalSummaries#await}. */
  public static class WaiterImpl implements Waiter {
    private boolean woken;

    @Override
    public boolean waitForTick(long seconds) {
      // 0 seconds: the condition holds from the start
      return RentalSummaries.await(
          Duration.ofSeconds(Math.max(1, seconds)),
          RentalSummaries.tickTimer(3),
          () -> woken || seconds == 0);
    }

    @Override
    public void wake() {
      woken = true;
    }
  }

  /** The same wait with the SDK's own {@code Workflow.await}, to compare histories with. */
  public static class PlainWaiter implements Waiter {
    private boolean woken;

    @Override
    public boolean waitForTick(long seconds) {
      return Workflow.await(Duration.ofSeconds(Math.max(1, seconds)), () -> woken || seconds == 0);
    }

    @Override
    public void wake() {
      woken = true;
    }
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(WaiterImpl.class);
    env.newWorker(PLAIN_QUEUE).registerWorkflowImplementationTypes(PlainWaiter.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aTimerThatFiresReturnsFalseAndCarriesItsSummary() {
    Waiter waiter = stub("fires");

    assertThat(waiter.waitForTick(30)).isFalse();

    List<HistoryEvent> events = history("fires");
    assertThat(types(events)).contains(EventType.EVENT_TYPE_TIMER_FIRED);
    HistoryEvent started = first(events, EventType.EVENT_TYPE_TIMER_STARTED);
    assertThat(started.getUserMetadata().getSummary().getData().toString(StandardCharsets.UTF_8))
        .contains("tick 3");
  }

  @Test
  void wokenEarlyReturnsTrue() {
    Waiter waiter = stub("woken");
    WorkflowClient.start(waiter::waitForTick, 3600L);

    waiter.wake();

    assertThat(client.newUntypedWorkflowStub("woken").getResult(Boolean.class)).isTrue();
    assertThat(types(history("woken"))).doesNotContain(EventType.EVENT_TYPE_TIMER_FIRED);
  }

  @Test
  void alreadyUnblockedReturnsTrue() {
    assertThat(stub("unblocked").waitForTick(0)).isTrue();
  }

  @Test
  void historiesOfWorkflowAwaitReplayWithTheSummarizedAwait() throws Exception {
    // what a running rental's recorded history looks like before the switch: fired, woken early,
    // already unblocked; the summarized await must make the very same commands on replay
    Waiter fired = plainStub("plain-fired");
    fired.waitForTick(30);
    Waiter woken = plainStub("plain-woken");
    WorkflowClient.start(woken::waitForTick, 3600L);
    woken.wake();
    client.newUntypedWorkflowStub("plain-woken").getResult(Boolean.class);
    plainStub("plain-unblocked").waitForTick(0);

    for (String id : new String[] {"plain-fired", "plain-woken", "plain-unblocked"}) {
      WorkflowReplayer.replayWorkflowExecution(client.fetchHistory(id), WaiterImpl.class);
    }
  }

  @Test
  void summariesNameTheStepAndItsNumbers() {
    RentalInput input =
        RentalInput.fresh(
            "r-1",
            "q-1",
            "user-1",
            "station-1",
            new RentalTerms(new Tariff(60, 5, 500), 5000, 30, 100));

    assertThat(RentalSummaries.tickCharge(30, 12)).isEqualTo("charge 30 for tick 12");
    assertThat(RentalSummaries.debtCollection(2)).isEqualTo("debt collection 2");
    assertThat(RentalSummaries.tickTimer(12).getSummary()).isEqualTo("tick 12");
    assertThat(RentalSummaries.debtTimer(2).getSummary()).isEqualTo("debt collection 2");
    assertThat(RentalSummaries.readModelRetryTimer().getSummary()).isEqualTo("read model retry");
    assertThat(RentalSummaries.maxRentalTimeTimer().getSummary()).isEqualTo("maximum rental time");
    assertThat(RentalSummaries.debtWindowEndTimer().getSummary())
        .isEqualTo("end of debt collection");
    assertThat(RentalSummaries.staticSummary(input)).isEqualTo("Rental of user-1 at station-1");
    assertThat(RentalSummaries.staticDetails(input))
        .contains("user-1", "station-1", "q-1", "60 RUB/h", "5 free min", "deposit 500", "30 s");
    assertThat(
            RentalSummaries.withSummary(RentalActivityOptions.CHARGE, "charge 30 for tick 12")
                .getSummary())
        .isEqualTo("charge 30 for tick 12");
    assertThat(RentalSummaries.currentDetails(RentalStatus.ACTIVE, 12, 360, 0))
        .isEqualTo("ACTIVE, tick 12, paid 360 RUB, debt 0 RUB");
  }

  private Waiter plainStub(String id) {
    return client.newWorkflowStub(
        Waiter.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(PLAIN_QUEUE).build());
  }

  private Waiter stub(String id) {
    return client.newWorkflowStub(
        Waiter.class, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
  }

  private List<HistoryEvent> history(String id) {
    return client.fetchHistory(id).getHistory().getEventsList();
  }

  private static List<EventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::getEventType).toList();
  }

  private static HistoryEvent first(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).findFirst().orElseThrow();
  }
}
