package com.powerbank.api.rental;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.api.web.TemporalErrors;
import com.powerbank.api.web.TemporalProbe;
import com.powerbank.workflows.rental.RentalFailures;
import com.powerbank.workflows.rental.RentalInput;
import com.powerbank.workflows.rental.RentalReceipt;
import com.powerbank.workflows.rental.RentalSearchAttributes;
import com.powerbank.workflows.rental.RentalSummaries;
import com.powerbank.workflows.rental.RentalWorkflow;
import com.powerbank.workflows.rental.StartResult;
import com.powerbank.workflows.rental.StopRequest;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The API's only door to Temporal (SPEC §6, §8): starts a rental workflow with Update-with-Start
 * and stops it with the {@code stop} update. The workflow id is {@code rental-<rental id>} ({@link
 * RentalWorkflowIds}); rentals started before issue 9 keep their bare rental id as workflow id, and
 * every call finds them too.
 *
 * <p>Outcomes are translated here, so no Temporal exception and no Java class name ever reaches a
 * client: an update failing with an {@link ApplicationFailure} of a {@link
 * com.powerbank.workflows.rental.RentalFailures} type becomes a {@link RentalFailedException}; a
 * rejected {@code stop} (its validator's failure arrives wrapped by the SDK, without its type) is
 * 409 {@code RENTAL_NOT_ACTIVE}; a workflow that already closed becomes {@link
 * RentalClosedException} (the caller answers from the read model); Temporal not answering becomes
 * 503 {@code TEMPORAL_UNAVAILABLE}; anything else Temporal says is 503 {@code RENTAL_UNAVAILABLE};
 * a call that outlives {@code powerbank.rentals.call-timeout} becomes 503 {@code RENTAL_TIMEOUT}
 * (the workflow carries on; the same request later gets its answer).
 *
 * <p>Fail fast: the SDK retries an unreachable server for up to a minute. While a call is pending,
 * Temporal is probed every {@code powerbank.temporal.probe-interval} (a quarter of it after a
 * failed probe), each probe waiting at most {@code powerbank.temporal.probe-timeout}; after {@value
 * #FAILED_PROBES_TO_GIVE_UP} probes in a row without an answer the call is abandoned with 503
 * {@code TEMPORAL_UNAVAILABLE} (about 1.5 s once the server is gone). A workflow that is slow but
 * alive keeps the full call timeout.
 */
@Component
public class RentalWorkflows implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RentalWorkflows.class);
  private static final int UPDATE_ATTEMPTS = 5;

  /** How long a start that failed for unavailable payments waits for its run to close. */
  private static final Duration RUN_CLOSE_WAIT = Duration.ofSeconds(10);

  static final int FAILED_PROBES_TO_GIVE_UP = 2;

  /** The failure type an update validator's rejection reaches the client with (SDK 1.38). */
  private static final String VALIDATOR_REJECTION =
      "io.temporal.internal.worker.WorkflowExecutionException";

  private final WorkflowClient client;
  private final TemporalProbe probe;
  private final Duration callTimeout;
  private final Duration probeInterval;
  private final Duration probeTimeout;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private volatile long lastAnswerNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

  public RentalWorkflows(
      WorkflowClient client,
      TemporalProbe probe,
      @Value("${powerbank.rentals.call-timeout:60s}") Duration callTimeout,
      @Value("${powerbank.temporal.probe-interval:1s}") Duration probeInterval,
      @Value("${powerbank.temporal.probe-timeout:1s}") Duration probeTimeout) {
    this.client = client;
    this.probe = probe;
    this.callTimeout = callTimeout;
    this.probeInterval = probeInterval;
    this.probeTimeout = probeTimeout;
  }

  /** Thrown when the workflow of a rental has already closed, so only the read model can answer. */
  public static class RentalClosedException extends RuntimeException {
    RentalClosedException(Throwable cause) {
      super("rental workflow already closed", cause);
    }
  }

  /** A rental workflow seen by {@link #find}: the {@code UserId} search attribute, if set. */
  public record RentalRun(@Nullable String userId) {}

  /** Which call failed: a rejected stop means something else than a failed start. */
  private enum Call {
    START,
    STOP,
    READ
  }

  /**
   * Starts the rental, or joins it when it is already running (many identical starts make one
   * workflow), and waits until the deposit is held and the powerbank ejected.
   *
   * @param input the rental; its id is the workflow id
   * @param mayRunAgain true when a closed run under this id that did not complete (it failed, e.g.
   *     with PAYMENTS_UNAVAILABLE, or was terminated) may be followed by a new run (reuse policy
   *     ALLOW_DUPLICATE_FAILED_ONLY); false to never start a second run (REJECT_DUPLICATE)
   * @return the start answer: powerbank id and {@code started_at} (epoch ms)
   * @throws RentalFailedException 402 DEPOSIT_DECLINED, 409 EJECT_FAILED, 503 PAYMENTS_UNAVAILABLE
   * @throws RentalClosedException when a workflow with this id already closed and no new run starts
   * @throws ApiException 503 TEMPORAL_UNAVAILABLE, RENTAL_UNAVAILABLE or RENTAL_TIMEOUT
   */
  public StartResult start(RentalInput input, boolean mayRunAgain) {
    String workflowId = workflowIdForStart(input.rentalId());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(RentalWorkflow.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(
                mayRunAgain
                    ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY
                    : WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                RentalSearchAttributes.atStart(input.userId(), input.stationId()))
            .setStaticSummary(RentalSummaries.staticSummary(input))
            .setStaticDetails(RentalSummaries.staticDetails(input))
            .build();
    RentalWorkflow stub = client.newWorkflowStub(RentalWorkflow.class, options);
    return call(
        Call.START,
        () -> {
          try {
            return WorkflowClient.executeUpdateWithStart(
                stub::awaitStarted,
                UpdateOptions.<StartResult>newBuilder()
                    .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                    .build(),
                new WithStartWorkflowOperation<>(stub::run, input));
          } catch (WorkflowUpdateException e) {
            if (e.getCause() instanceof ApplicationFailure failure
                && RentalFailures.PAYMENTS_UNAVAILABLE.equals(failure.getType())) {
              awaitRunClosed(workflowId);
            }
            throw e;
          }
        });
  }

  /**
   * The workflow id a start uses: {@code rental-<uuid>} ({@link RentalWorkflowIds}), unless a
   * workflow under the rental's bare id (started before issue 9) exists, open or closed: then that
   * one, so that a repeated start joins it, and the reuse policy judges its run, as before.
   */
  private String workflowIdForStart(String rentalId) {
    String legacy = RentalWorkflowIds.legacy(rentalId);
    boolean legacyExists =
        call(
            Call.READ,
            () -> {
              try {
                client.newUntypedWorkflowStub(legacy).describe();
                return true;
              } catch (WorkflowNotFoundException e) {
                return false;
              } catch (RuntimeException e) {
                if (TemporalErrors.isNotFound(e)) {
                  return false;
                }
                throw e;
              }
            });
    return legacyExists ? legacy : RentalWorkflowIds.of(rentalId);
  }

  /**
   * Runs {@code byWorkflowId} on the rental's workflow: first under {@code rental-<uuid>}, then,
   * when Temporal knows no such workflow, under the bare id of rentals started before issue 9.
   */
  private <T> T onRental(String rentalId, Function<String, T> byWorkflowId) {
    try {
      return byWorkflowId.apply(RentalWorkflowIds.of(rentalId));
    } catch (RuntimeException e) {
      if (e instanceof WorkflowNotFoundException || TemporalErrors.isNotFound(e)) {
        return byWorkflowId.apply(RentalWorkflowIds.legacy(rentalId));
      }
      throw e;
    }
  }

  /**
   * After a start failed for unavailable payments, waits (at most {@link #RUN_CLOSE_WAIT}) until
   * its run has voided the hold and failed, so that the client's retry with the same key, which the
   * 503 invites, starts a new run instead of meeting the closing one.
   */
  private void awaitRunClosed(String workflowId) {
    try {
      client
          .newUntypedWorkflowStub(workflowId)
          .getResult(RUN_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS, RentalReceipt.class);
    } catch (RuntimeException | TimeoutException closedOrStillOpen) {
      // failed as expected, or still voiding the hold (payments down): the 503 stands either way
    }
  }

  /**
   * Waits for the start of a rental that is already running, without ever starting one.
   *
   * @param rentalId the rental (workflow) id
   * @return the start answer, as for {@link #start}
   * @throws RentalClosedException when no workflow with this id is running
   */
  public StartResult join(String rentalId) {
    UpdateOptions<StartResult> options =
        UpdateOptions.<StartResult>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build();
    return call(
        Call.START,
        () ->
            onRental(
                rentalId,
                workflowId -> {
                  RentalWorkflow stub = client.newWorkflowStub(RentalWorkflow.class, workflowId);
                  return WorkflowClient.startUpdate(stub::awaitStarted, options).getResult();
                }));
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
   * @throws ApiException 503 as for start
   */
  public RentalReceipt stop(String rentalId, String returnStationId, UUID idempotencyKey) {
    StopRequest request = new StopRequest(returnStationId, System.currentTimeMillis());
    UpdateOptions<RentalReceipt> options =
        UpdateOptions.<RentalReceipt>newBuilder()
            .setUpdateId("stop:" + idempotencyKey)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build();
    return call(
        Call.STOP,
        () ->
            onRental(
                rentalId,
                workflowId -> {
                  RentalWorkflow stub = client.newWorkflowStub(RentalWorkflow.class, workflowId);
                  return withUpdateRetries(
                      () -> WorkflowClient.startUpdate(stub::stop, request, options).getResult());
                }));
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
   * @return the workflow (open or closed) with this id, empty when there is none
   * @throws ApiException 503 TEMPORAL_UNAVAILABLE
   */
  public Optional<RentalRun> find(String rentalId) {
    try {
      return call(
          Call.READ,
          () -> {
            WorkflowExecutionDescription description =
                onRental(rentalId, id -> client.newUntypedWorkflowStub(id).describe());
            return Optional.of(
                new RentalRun(
                    description.getTypedSearchAttributes().get(RentalSearchAttributes.USER_ID)));
          });
    } catch (RentalClosedException notFound) {
      return Optional.empty();
    }
  }

  private <T> T call(Call kind, Supplier<T> temporalCall) {
    Future<T> future = calls.submit(temporalCall::get);
    long deadline = System.nanoTime() + callTimeout.toNanos();
    int failedProbes = 0;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ApiException(
              HttpStatus.SERVICE_UNAVAILABLE,
              ErrorCodes.RENTAL_TIMEOUT,
              "The rental did not answer in time; repeat the request with the same"
                  + " Idempotency-Key");
        }
        // after a failed probe, the next one comes sooner: one lost answer is not an outage
        long wait = failedProbes == 0 ? probeInterval.toNanos() : probeInterval.toNanos() / 4;
        try {
          return future.get(Math.min(left, wait), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillWaiting) {
          failedProbes = temporalAnswers() ? 0 : failedProbes + 1;
          if (failedProbes >= FAILED_PROBES_TO_GIVE_UP) {
            throw temporalUnavailable();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw temporalUnavailable();
    } catch (ExecutionException e) {
      throw translate(kind, e.getCause());
    } finally {
      future.cancel(true);
    }
  }

  /**
   * Probes Temporal, unless a probe of any call succeeded within the last probe interval: many
   * calls waiting at once (a burst of starts) share one probe a second while Temporal is up.
   */
  private boolean temporalAnswers() {
    long now = System.nanoTime();
    if (now - lastAnswerNanos < probeInterval.toNanos()) {
      return true;
    }
    boolean answers = probe.answers(probeTimeout);
    if (answers) {
      lastAnswerNanos = System.nanoTime();
    }
    return answers;
  }

  private static RuntimeException translate(Call kind, Throwable e) {
    ApplicationFailure failure = applicationFailure(e);
    if (failure != null) {
      if (RentalFailedException.isKnown(failure.getType())) {
        return new RentalFailedException(failure.getType(), failure.getOriginalMessage());
      }
      if (kind == Call.STOP && VALIDATOR_REJECTION.equals(failure.getType())) {
        // The SDK wraps the stop validator's ApplicationFailure: its type is lost, its message (the
        // workflow's own, e.g. "Rental is PENDING and cannot be stopped") survives.
        return RentalFailedException.notActive(failure.getOriginalMessage());
      }
      log.warn("rental {} failed with an unknown failure type: {}", kind, e.toString());
      return ApiException.rentalUnavailable();
    }
    if (e instanceof WorkflowExecutionAlreadyStarted || TemporalErrors.isAlreadyExists(e)) {
      return new RentalClosedException(e);
    }
    if (TemporalErrors.isUnavailable(e)) {
      return temporalUnavailable();
    }
    if (e instanceof WorkflowNotFoundException
        || TemporalErrors.isNotFound(e)
        || e instanceof WorkflowUpdateException) {
      // an update to a workflow that completed answers NOT_FOUND ("workflow execution already
      // completed"), or fails without an application failure when the run ended under it (e.g.
      // terminated): whether it ever existed is for the caller to tell from the read model
      return new RentalClosedException(e);
    }
    log.warn("rental {}: unexpected answer from Temporal", kind, e);
    return ApiException.rentalUnavailable();
  }

  /** The first {@link ApplicationFailure} in the cause chain, or null. */
  private static @Nullable ApplicationFailure applicationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        return failure;
      }
    }
    return null;
  }

  private static ApiException temporalUnavailable() {
    return ApiException.unavailable(ErrorCodes.TEMPORAL_UNAVAILABLE, "Temporal is unavailable");
  }

  @Override
  public void destroy() {
    calls.shutdownNow();
  }
}
