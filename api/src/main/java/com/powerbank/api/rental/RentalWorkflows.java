package com.powerbank.api.rental;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.api.web.TemporalErrors;
import com.powerbank.workflows.rental.RentalInput;
import com.powerbank.workflows.rental.RentalReceipt;
import com.powerbank.workflows.rental.RentalSearchAttributes;
import com.powerbank.workflows.rental.RentalWorkflow;
import com.powerbank.workflows.rental.StartResult;
import com.powerbank.workflows.rental.StopRequest;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The API's only door to Temporal (SPEC §6, §8): starts a rental workflow with Update-with-Start
 * and stops it with the {@code stop} update. The workflow id is the rental id.
 *
 * <p>Outcomes are translated here: an update failing with an {@link ApplicationFailure} of a {@link
 * com.powerbank.workflows.rental.RentalFailures} type becomes a {@link RentalFailedException}; a
 * workflow that already closed becomes {@link RentalClosedException} (the caller answers from the
 * read model); Temporal not answering becomes 503 {@code TEMPORAL_UNAVAILABLE}; a call that
 * outlives {@code powerbank.rentals.call-timeout} becomes 503 {@code RENTAL_TIMEOUT} (the workflow
 * carries on; the same request later gets its answer).
 */
@Component
public class RentalWorkflows implements DisposableBean {

  private static final int UPDATE_ATTEMPTS = 5;

  private final WorkflowClient client;
  private final Duration callTimeout;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  public RentalWorkflows(
      WorkflowClient client, @Value("${powerbank.rentals.call-timeout:60s}") Duration callTimeout) {
    this.client = client;
    this.callTimeout = callTimeout;
  }

  /** Thrown when the workflow of a rental has already closed, so only the read model can answer. */
  public static class RentalClosedException extends RuntimeException {
    RentalClosedException(Throwable cause) {
      super("rental workflow already closed", cause);
    }
  }

  /**
   * Starts the rental, or joins it when it is already running (many identical starts make one
   * workflow), and waits until the deposit is held and the powerbank ejected.
   *
   * @param input the rental; its id is the workflow id
   * @return the start answer: powerbank id and {@code started_at} (epoch ms)
   * @throws RentalFailedException 402 DEPOSIT_DECLINED, 409 EJECT_FAILED, 503 PAYMENTS_UNAVAILABLE
   * @throws RentalClosedException when a workflow with this id already closed
   * @throws ApiException 503 TEMPORAL_UNAVAILABLE or RENTAL_TIMEOUT
   */
  public StartResult start(RentalInput input) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(input.rentalId())
            .setTaskQueue(RentalWorkflow.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                RentalSearchAttributes.atStart(input.userId(), input.stationId()))
            .setStaticSummary(
                "Powerbank rental: user " + input.userId() + " at station " + input.stationId())
            .build();
    RentalWorkflow stub = client.newWorkflowStub(RentalWorkflow.class, options);
    return call(
        () ->
            WorkflowClient.executeUpdateWithStart(
                stub::awaitStarted,
                UpdateOptions.<StartResult>newBuilder()
                    .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                    .build(),
                new WithStartWorkflowOperation<>(stub::run, input)));
  }

  /**
   * Sends the {@code stop} update and waits for the receipt; a repeated stop gets the same one.
   *
   * @param rentalId the rental (workflow) id
   * @param returnStationId where the powerbank was returned (already checked to exist)
   * @param idempotencyKey the request's key, used as the update id so a retried request is deduped
   * @return the receipt
   * @throws RentalFailedException 409 RENTAL_NOT_ACTIVE when the rental is not active
   * @throws RentalClosedException when the workflow already closed
   * @throws ApiException 404 RENTAL_NOT_FOUND when no workflow has this id; 503 as for start
   */
  public RentalReceipt stop(String rentalId, String returnStationId, UUID idempotencyKey) {
    RentalWorkflow stub = client.newWorkflowStub(RentalWorkflow.class, rentalId);
    StopRequest request = new StopRequest(returnStationId, System.currentTimeMillis());
    UpdateOptions<RentalReceipt> options =
        UpdateOptions.<RentalReceipt>newBuilder()
            .setUpdateId("stop:" + idempotencyKey)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build();
    return call(
        () ->
            withUpdateRetries(
                () -> WorkflowClient.startUpdate(stub::stop, request, options).getResult()));
  }

  /**
   * Repeats an update the server dropped with its workflow task ({@link
   * TemporalErrors#isUpdateDropped}), a few times with a short pause; the update id makes it safe.
   */
  private static <T> T withUpdateRetries(Supplier<T> update) {
    for (int attempt = 1; ; attempt++) {
      try {
        return update.get();
      } catch (RuntimeException e) {
        if (attempt >= UPDATE_ATTEMPTS || !TemporalErrors.isUpdateDropped(e)) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * @return true when a workflow (open or closed) with this id exists
   * @throws ApiException 503 TEMPORAL_UNAVAILABLE
   */
  public boolean exists(String rentalId) {
    try {
      client.newUntypedWorkflowStub(rentalId).describe();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      if (TemporalErrors.isNotFound(e)) {
        return false;
      }
      throw translate(e);
    }
  }

  private <T> T call(Supplier<T> temporalCall) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(temporalCall, calls);
    try {
      return future.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          ErrorCodes.RENTAL_TIMEOUT,
          "The rental did not answer in time; repeat the request with the same Idempotency-Key");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Temporal", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  private static RuntimeException translate(Throwable e) {
    if (e instanceof WorkflowUpdateException update
        && update.getCause() instanceof ApplicationFailure failure) {
      return new RentalFailedException(failure.getType(), failure.getOriginalMessage());
    }
    if (e instanceof WorkflowExecutionAlreadyStarted || TemporalErrors.isAlreadyExists(e)) {
      return new RentalClosedException(e);
    }
    if (TemporalErrors.isUnavailable(e)) {
      return ApiException.unavailable(ErrorCodes.TEMPORAL_UNAVAILABLE, "Temporal is unavailable");
    }
    if (e instanceof WorkflowNotFoundException || TemporalErrors.isNotFound(e)) {
      // an update to a workflow that completed answers NOT_FOUND ("workflow execution already
      // completed"); whether it never existed is for the caller to tell from the read model
      return new RentalClosedException(e);
    }
    if (e instanceof WorkflowException || e instanceof WorkflowServiceException) {
      return (RuntimeException) e;
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  @Override
  public void destroy() {
    calls.shutdownNow();
  }
}
