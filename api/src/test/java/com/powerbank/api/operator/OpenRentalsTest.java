package com.powerbank.api.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.powerbank.workflows.rental.RentalSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How a visibility listing becomes the operator's open rentals. */
class OpenRentalsTest {

  private static final Instant STARTED = Instant.parse("2026-11-29T18:00:00Z");

  @Test
  void runningRentalsAreListedOnceWithTheirSearchAttributesUnderTheirRentalId() {
    WorkflowExecutionMetadata continued =
        run("rental-3f1c2a4e-0000-4000-8000-000000000001", "ACTIVE");
    WorkflowExecutionMetadata legacyId = run("3f1c2a4e-0000-4000-8000-000000000002", "FINISHED");
    WorkflowClient client = mock(WorkflowClient.class);
    when(client.listExecutions(OpenRentals.QUERY)).thenReturn(Stream.of(continued, legacyId));

    List<OpenRental> rentals = new OpenRentals(client, Duration.ofSeconds(5)).list();

    assertThat(rentals)
        .extracting(OpenRental::rentalId, OpenRental::status, OpenRental::userId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "3f1c2a4e-0000-4000-8000-000000000001", "ACTIVE", "user-1"),
            org.assertj.core.groups.Tuple.tuple(
                "3f1c2a4e-0000-4000-8000-000000000002", "FINISHED", "user-1"));
    assertThat(rentals.get(0).workflowId())
        .isEqualTo("rental-3f1c2a4e-0000-4000-8000-000000000001");
    assertThat(rentals.get(0).stationId()).isEqualTo("station-1");
    assertThat(rentals.get(0).powerbankId()).isEqualTo("pb-000001");
    assertThat(rentals.get(0).startedAt()).isEqualTo(STARTED);
  }

  @Test
  void theQueryAsksForRunningRunsOnlySoAContinuedRentalIsNotListedTwice() {
    assertThat(OpenRentals.QUERY).contains("ExecutionStatus = 'Running'");
  }

  private static WorkflowExecutionMetadata run(String workflowId, String status) {
    WorkflowExecutionMetadata run = mock(WorkflowExecutionMetadata.class);
    when(run.getExecution())
        .thenReturn(
            WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId("run-1").build());
    when(run.getTypedSearchAttributes())
        .thenReturn(
            SearchAttributes.newBuilder()
                .set(RentalSearchAttributes.RENTAL_STATUS, status)
                .set(RentalSearchAttributes.USER_ID, "user-1")
                .set(RentalSearchAttributes.STATION_ID, "station-1")
                .set(RentalSearchAttributes.POWERBANK_ID, "pb-000001")
                .build());
    when(run.getStartTime()).thenReturn(STARTED);
    return run;
  }
}
