package com.powerbank.activities.payments;

import com.powerbank.activities.http.HttpNotFoundException;
import com.powerbank.activities.http.TransientHttpException;
import com.powerbank.activities.http.UnexpectedHttpReplyException;
import com.powerbank.activities.ledger.PaymentAttempt;
import com.powerbank.activities.ledger.PaymentLedgerRepository;
import com.powerbank.workflows.activities.ChargeOutcome;
import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.PaymentRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Payments calls as Temporal activities (SPEC §3, §5). Each call sends {@code order_id = rentalId}
 * and {@code Idempotency-Key: idempotencyKey}, and each attempt, whatever its outcome, is recorded
 * in {@code payment_attempts} under that key (SPEC §7) before the activity returns or throws.
 *
 * <p>Failures, the same for every method:
 *
 * <ul>
 *   <li>5xx, 408, 429, I/O error or timeout: recorded as {@code transient: ...}, then a
 *       <em>retryable</em> {@link ApplicationFailure} of type {@value #PAYMENTS_UNAVAILABLE}, for
 *       the retry policy (the key makes the retry safe)
 *   <li>404: non-retryable, type {@value #PAYMENTS_NOT_FOUND}
 *   <li>a status or body outside the contract: non-retryable, type {@value
 *       #PAYMENTS_UNEXPECTED_REPLY}
 *   <li>a rental id that is not a UUID: non-retryable, type {@value #INVALID_PAYMENT_REQUEST},
 *       before any call
 * </ul>
 *
 * A decline (HTTP 400) is a final answer, never retried: see each method.
 */
@Component
@ActivityImpl(taskQueues = "rentals")
public class PaymentActivitiesImpl implements PaymentActivities {

  /** Failure type (retryable) when payments gave no final answer. */
  public static final String PAYMENTS_UNAVAILABLE = "PAYMENTS_UNAVAILABLE";

  /** Failure type (non-retryable) when payments answered 404. */
  public static final String PAYMENTS_NOT_FOUND = "PAYMENTS_NOT_FOUND";

  /** Failure type (non-retryable) of an answer outside the contract. */
  public static final String PAYMENTS_UNEXPECTED_REPLY = "PAYMENTS_UNEXPECTED_REPLY";

  /** Failure type (non-retryable) of a request that cannot be recorded (rental id not a UUID). */
  public static final String INVALID_PAYMENT_REQUEST = "INVALID_PAYMENT_REQUEST";

  private static final Logger log = LoggerFactory.getLogger(PaymentActivitiesImpl.class);

  private final PaymentsClient payments;
  private final PaymentLedgerRepository ledger;

  public PaymentActivitiesImpl(PaymentsClient payments, PaymentLedgerRepository ledger) {
    this.payments = payments;
    this.ledger = ledger;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Records kind {@code request.kind()} (normally {@code HOLD}) with the deposit amount. A
   * decline is recorded with the service's message, then thrown as {@link #DEPOSIT_DECLINED}.
   */
  @Override
  public void holdDeposit(PaymentRequest request) {
    PaymentReply reply = attempt(request, payments::hold);
    if (!reply.approved()) {
      throw ApplicationFailure.newNonRetryableFailure(reply.declineMessage(), DEPOSIT_DECLINED);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A decline is recorded ({@code success = false}, {@code error} = the service's message) and
   * returned, not thrown: the workflow turns it into debt (SPEC §5).
   */
  @Override
  public ChargeOutcome charge(PaymentRequest request) {
    return attempt(request, payments::charge).approved()
        ? ChargeOutcome.CHARGED
        : ChargeOutcome.DECLINED;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Records the captured amount. A decline (e.g. {@code No hold}) captures nothing: recorded as
   * failed, returns 0.
   */
  @Override
  public long captureFromHold(PaymentRequest request) {
    return attempt(request, payments::capture).amount();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Records the released amount (0 when nothing was left). A decline releases nothing: recorded
   * as failed, returns 0.
   */
  @Override
  public long releaseHold(PaymentRequest request) {
    return attempt(request, payments::release).amount();
  }

  /** One call, recorded in the ledger whatever happens; failures mapped as in the class doc. */
  private PaymentReply attempt(
      PaymentRequest request, Function<PaymentRequest, PaymentReply> call) {
    requireUuidRentalId(request);
    PaymentReply reply;
    try {
      reply = call.apply(request);
    } catch (TransientHttpException e) {
      ledger.record(PaymentAttempt.failed(request, "transient: " + e.getMessage()));
      log.warn(
          "Payment {} not answered, the retry policy retries: {}",
          request.idempotencyKey(),
          e.getMessage());
      throw ApplicationFailure.newFailureWithCause(e.getMessage(), PAYMENTS_UNAVAILABLE, e);
    } catch (HttpNotFoundException e) {
      ledger.record(PaymentAttempt.failed(request, e.getMessage()));
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), PAYMENTS_NOT_FOUND, e);
    } catch (UnexpectedHttpReplyException e) {
      ledger.record(PaymentAttempt.failed(request, e.getMessage()));
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), PAYMENTS_UNEXPECTED_REPLY, e);
    }
    ledger.record(
        reply.approved()
            ? PaymentAttempt.succeeded(request, reply.amount())
            : PaymentAttempt.failed(request, reply.declineMessage()));
    return reply;
  }

  /**
   * The ledger keys rows by a UUID rental id: refuse, before moving money, what it cannot store.
   */
  private static void requireUuidRentalId(PaymentRequest request) {
    try {
      UUID.fromString(request.rentalId());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Rental id is not a UUID: " + request.rentalId(), INVALID_PAYMENT_REQUEST);
    }
  }
}
