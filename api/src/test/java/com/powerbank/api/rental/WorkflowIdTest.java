package com.powerbank.api.rental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.ApiIntegrationTest;
import com.powerbank.workflows.billing.RentalTerms;
import com.powerbank.workflows.billing.Tariff;
import com.powerbank.workflows.rental.RentalIds;
import com.powerbank.workflows.rental.RentalInput;
import com.powerbank.workflows.rental.RentalWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rentals run under workflow id {@code rental-<rental id>} (issue 9), while the API keeps answering
 * by rental id; rentals started before run under the bare rental id and are still found: joined by
 * a repeated start, stopped, read.
 */
class WorkflowIdTest extends ApiIntegrationTest {

  @Test
  void aNewRentalRunsUnderRentalDashItsIdWithASummary() {
    String rentalId = rent("wf-id-user", "station-4").get("rental_id").asText();

    var description = temporal.newUntypedWorkflowStub(RentalWorkflowIds.of(rentalId)).describe();

    assertThat(description.getExecution().getWorkflowId()).isEqualTo("rental-" + rentalId);
    assertThat(description.getStaticSummary()).isEqualTo("Rental of wf-id-user at station-4");
    assertThat(description.getStaticDetails()).contains("60 RUB/h", "deposit 500");
    assertThatThrownBy(() -> temporal.newUntypedWorkflowStub(rentalId).describe())
        .as("nothing runs under the bare rental id")
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void aRentalStartedUnderItsBareIdIsJoinedAndStoppedByTheApi() {
    String quoteId = quoteId("legacy-user", "station-5");
    UUID key = UUID.randomUUID();
    String rentalId = RentalIds.rentalId("legacy-user", key);
    RentalWorkflow legacy =
        temporal.newWorkflowStub(
            RentalWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(rentalId)
                .setTaskQueue(RentalWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(
        legacy::run,
        RentalInput.fresh(
            rentalId,
            quoteId,
            "legacy-user",
            "station-5",
            new RentalTerms(new Tariff(60, 5, 500), 5000, 30, 100)));
    started(rentalId);
    awaitStatus(rentalId, "ACTIVE");

    Answer repeated = start(key, quoteId);

    assertThat(repeated.status()).as(repeated.raw()).isEqualTo(200);
    assertThat(repeated.body().get("rental_id").asText()).isEqualTo(rentalId);
    assertThatThrownBy(
            () -> temporal.newUntypedWorkflowStub(RentalWorkflowIds.of(rentalId)).describe())
        .as("the repeated start joined the old workflow instead of starting a second one")
        .isInstanceOf(RuntimeException.class);

    Answer stopped = stop(UUID.randomUUID(), rentalId, "station-6");

    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
    JsonNode receipt = stopped.body();
    assertThat(receipt.get("status").asText()).isEqualTo("FINISHED");
    assertThat(fetch("/api/v1/rentals/" + rentalId).body().get("status").asText())
        .isEqualTo("FINISHED");
  }
}
