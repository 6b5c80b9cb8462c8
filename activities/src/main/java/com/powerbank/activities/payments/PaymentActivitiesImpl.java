package com.powerbank.activities.payments;

import com.powerbank.activities.http.HttpNotFoundException;
import com.powerbank.activities.http.TransientHttpException;
import com.powerbank.activities.http.UnexpectedHttpReplyException;
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
 * and {@code Idempotency-Key: idempotencyKey}. The activities do not touch the database: the
 * workflow records each outcome it learns and writes it to {@code payment_attempts} with its next
 * read-model snapshot, so a PostgreSQL outage never holds up a charge (issue 6).
 *
 * <p>Failures, the same for every method:
 *
 * <ul>
 *   <li>5xx, 408, 429, I/O error or timeout: a <em>retryable</em> {@link ApplicationFailure} of
 *       type {@value #PAYMENTS_UNAVAILABLE}, for the retry policy (the key makes the retry safe)
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

  /** Failure type (non-retryable) when payments answered 404. */
  public static final String PAYMENTS_NOT_FOUND = "PAYMENTS_NOT_FOUND";

  /** Failure type (non-retryable) of an answer outside the contract. */
  public static final String PAYMENTS_UNEXPECTED_REPLY = "PAYMENTS_UNEXPECTED_REPLY";

  /** Failure type (non-retryable) of a request whose rental id is not a UUID. */
  public static final String INVALID_PAYMENT_REQUEST = "INVALID_PAYMENT_REQUEST";

  private static final Logger log = LoggerFactory.getLogger(PaymentActivitiesImpl.class);

  private final PaymentsClient payments;

  public PaymentActivitiesImpl(PaymentsClient payments) {
    this.payments = payments;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A decline is thrown as {@link #DEPOSIT_DECLINED} with the service's message.
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
   * <p>A decline is returned, not thrown: the workflow turns it into debt (SPEC §5).
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
   * <p>A decline (e.g. {@code No hold}) captures nothing and returns 0.
   */
  @Override
  public long captureFromHold(PaymentRequest request) {
    return attempt(request, payments::capture).amount();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A decline releases nothing and returns 0.
   */
  @Override
  public long releaseHold(PaymentRequest request) {
    return attempt(request, payments::release).amount();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A decline refunds nothing and returns 0.
   */
  @Override
  public long refund(PaymentRequest request) {
    return attempt(request, payments::refund).amount();
  }

  /** One call; failures mapped as in the class doc. */
  private PaymentReply attempt(
      PaymentRequest request, Function<PaymentRequest, PaymentReply> call) {
    requireUuidRentalId(request);
    try {
      return call.apply(request);
    } catch (TransientHttpException e) {
      log.warn(
          "Payment {} not answered, the retry policy retries: {}",
          request.idempotencyKey(),
          e.getMessage());
      throw ApplicationFailure.newFailureWithCause(e.getMessage(), PAYMENTS_UNAVAILABLE, e);
    } catch (HttpNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), PAYMENTS_NOT_FOUND, e);
    } catch (UnexpectedHttpReplyException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), PAYMENTS_UNEXPECTED_REPLY, e);
    }
  }

  /** Refuse, before moving money, a rental id the ledger could not store. */
  private static void requireUuidRentalId(PaymentRequest request) {
    try {
      UUID.fromString(request.rentalId());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Rental id is not a UUID: " + request.rentalId(), INVALID_PAYMENT_REQUEST);
    }
  }
}
