package com.powerbank.api.operator;

import com.powerbank.api.rental.RentalWorkflowIds;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.workflows.rental.RentalSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Open rentals from Temporal visibility: running rental workflows only ({@value #QUERY}), so a
 * rental that continued as new shows once, its current run with its current {@code RentalStatus};
 * the closed earlier runs (status ContinuedAsNew) keep the status they had and are left out.
 */
@Component
public class OpenRentals {

  private static final Logger log = LoggerFactory.getLogger(OpenRentals.class);

  /** The visibility query: every running rental workflow. */
  public static final String QUERY =
      "WorkflowType = 'RentalWorkflow' AND ExecutionStatus = 'Running'";

  /** Most rentals listed (newest runs first). */
  public static final int LIMIT = 200;

  /** Workflow id prefix of rentals started since issue 9 ({@code rental-<uuid>}). */
  public static final String WORKFLOW_ID_PREFIX = RentalWorkflowIds.PREFIX;

  private final WorkflowClient client;
  private final Duration timeout;

  public OpenRentals(
      WorkflowClient client,
      @Value("${powerbank.operator.visibility-timeout:5s}") Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * @return at most {@value #LIMIT} running rentals
   * @throws ApiException 503 TEMPORAL_UNAVAILABLE when visibility does not answer within the
   *     timeout
   */
  public List<OpenRental> list() {
    CompletableFuture<List<OpenRental>> listing =
        CompletableFuture.supplyAsync(
            () -> client.listExecutions(QUERY).limit(LIMIT).map(OpenRentals::toRental).toList());
    try {
      return listing.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    } catch (ExecutionException | TimeoutException e) {
      listing.cancel(true);
      log.warn("visibility query failed: {}", e.getCause() == null ? e : e.getCause().toString());
      throw unavailable();
    }
  }

  private static OpenRental toRental(WorkflowExecutionMetadata run) {
    String workflowId = run.getExecution().getWorkflowId();
    SearchAttributes attributes = run.getTypedSearchAttributes();
    return new OpenRental(
        workflowId.startsWith(WORKFLOW_ID_PREFIX)
            ? workflowId.substring(WORKFLOW_ID_PREFIX.length())
            : workflowId,
        workflowId,
        run.getExecution().getRunId(),
        attributes.get(RentalSearchAttributes.RENTAL_STATUS),
        attributes.get(RentalSearchAttributes.USER_ID),
        attributes.get(RentalSearchAttributes.STATION_ID),
        attributes.get(RentalSearchAttributes.POWERBANK_ID),
        run.getStartTime());
  }

  private static ApiException unavailable() {
    return ApiException.unavailable(
        ErrorCodes.TEMPORAL_UNAVAILABLE, "Temporal visibility did not answer");
  }
}
