package com.powerbank.workflows.rental;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * Writes the histories of a test's workflows as JSON when the build is run with {@code
 * -DrecordHistories=<dir>}; {@link RentalReplayTest} replays the committed ones. See
 * docs/VERSIONING.md for when to record new ones.
 */
final class HistoryRecorder {

  private HistoryRecorder() {}

  /** Records the first and the last run of every workflow in {@code workflowIds}. */
  static void recordIfAsked(WorkflowClient client, TestInfo test, List<String> workflowIds)
      throws IOException {
    String dir = System.getProperty("recordHistories");
    if (dir == null || dir.isBlank()) {
      return;
    }
    Path folder = Path.of(dir);
    Files.createDirectories(folder);
    String name = test.getTestMethod().orElseThrow().getName();
    int n = 0;
    for (String id : workflowIds) {
      WorkflowExecutionHistory last = client.fetchHistory(id);
      String firstRunId =
          last.getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getFirstExecutionRunId();
      write(folder, name + "-" + n + ".json", last);
      String lastRunId = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
      if (!firstRunId.isEmpty() && !firstRunId.equals(lastRunId)) {
        WorkflowExecutionHistory first = client.fetchHistory(id, firstRunId);
        write(folder, name + "-" + n + "-first-run.json", first);
      }
      n++;
    }
  }

  private static void write(Path folder, String file, WorkflowExecutionHistory history)
      throws IOException {
    Files.writeString(folder.resolve(file), history.toJson(true));
  }
}
