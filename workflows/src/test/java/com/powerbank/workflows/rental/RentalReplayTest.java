package com.powerbank.workflows.rental;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded rental histories (test resources {@code histories/*.json}) against the current
 * {@link RentalWorkflowImpl} (SPEC §8). A failure here means a code change would break running
 * rentals: guard it with {@code Workflow.getVersion} (docs/VERSIONING.md).
 */
class RentalReplayTest {

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path folder = Path.of(RentalReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void theRecordedScenariosAreAllThere() throws Exception {
    List<String> names = histories().map(p -> p.getFileName().toString()).toList();
    assertThat(names)
        .anyMatch(n -> n.startsWith("ninetyMinuteRental"))
        .anyMatch(n -> n.startsWith("poorUser"))
        .anyMatch(n -> n.startsWith("buyout"))
        .anyMatch(n -> n.startsWith("v1-") && n.contains("stopIsBilledToTheSecond"))
        .anyMatch(n -> n.startsWith("threeDayRental") && n.endsWith("first-run.json"))
        // the exactly-once-across-crashes path: a lost workflow task, a refund, a failed run
        .anyMatch(n -> n.startsWith("v2-aTickChargedBeforeAWorkerCrash"))
        .anyMatch(n -> n.startsWith("v2-aTickChargedAfterTheStopMoment"))
        .anyMatch(n -> n.startsWith("v2-aStartThatFoundPaymentsDown"))
        .anyMatch(n -> n.startsWith("v2-threeDayRental") && n.endsWith("first-run.json"))
        // from the real dev server: a worker killed mid-charge (its task timed out, the retry got
        // the timer and the stop together), payments faults, a failed run and its retry
        .anyMatch(n -> n.equals("devserver-workerKilledMidCharge.json"))
        .anyMatch(n -> n.equals("devserver-startFailedPaymentsUnavailable.json"))
        .anyMatch(n -> n.equals("devserver-continueAsNew-first-run.json"))
        .anyMatch(n -> n.startsWith("v2-settling-"))
        // issue 9: the current code with timer and activity summaries (user metadata)
        .anyMatch(n -> n.startsWith("v3-summaries-") && n.endsWith("first-run.json"))
        .anyMatch(n -> n.startsWith("v3-summaries-theWebUiShows"))
        // issue 8: the start in one workflow task (hold and eject as local activities)
        .anyMatch(n -> n.startsWith("v4-start-in-one-task-aStartIsOneWorkflowTask"))
        .anyMatch(n -> n.startsWith("v4-start-in-one-task-ejectFailure"))
        .anyMatch(n -> n.startsWith("v4-start-in-one-task-") && n.endsWith("first-run.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysWithoutNondeterminism(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)), RentalWorkflowImpl.class);
  }
}
