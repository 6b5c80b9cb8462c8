package com.powerbank.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls to the payments service (SPEC §3). Every call carries its request's idempotency key, so
 * retries and replays are safe. The activities only call the service: the workflow records each
 * outcome ({@link LedgerEntry}) and writes it to {@code payment_attempts} with its next snapshot.
 */
@ActivityInterface
public interface PaymentActivities {

  /** Failure type of a declined deposit hold (non-retryable). */
  String DEPOSIT_DECLINED = "DEPOSIT_DECLINED";

  /** Failure type (retryable) when payments gave no final answer: 5xx, 408, 429 or a timeout. */
  String PAYMENTS_UNAVAILABLE = "PAYMENTS_UNAVAILABLE";

  /**
   * Holds the deposit on the user's card ({@code POST /hold-money-for-order}).
   *
   * @throws io.temporal.failure.ApplicationFailure of type {@link #DEPOSIT_DECLINED},
   *     non-retryable, when payments answers 400
   */
  @ActivityMethod
  void holdDeposit(PaymentRequest request);

  /**
   * Charges the user's card ({@code POST /clear-money-for-order}).
   *
   * @return {@link ChargeOutcome#CHARGED} or {@link ChargeOutcome#DECLINED} (HTTP 400)
   * @throws RuntimeException on 5xx or timeout, for the retry policy to retry
   */
  @ActivityMethod
  ChargeOutcome charge(PaymentRequest request);

  /**
   * Takes up to {@code request.amount()} from the deposit hold ({@code POST
   * /capture-held-money-for-order}); cannot be declined while the hold covers it.
   *
   * @return the amount actually captured, whole currency units
   */
  @ActivityMethod
  long captureFromHold(PaymentRequest request);

  /**
   * Voids what is left of the deposit hold ({@code POST /release-money-for-order}).
   *
   * @return the amount released, whole currency units
   */
  @ActivityMethod
  long releaseHold(PaymentRequest request);

  /**
   * Gives back up to {@code request.amount()} of what the order was charged ({@code POST
   * /refund-money-for-order}, our extension); never declined for an amount the order was charged.
   *
   * @return the amount refunded, whole currency units
   */
  @ActivityMethod
  long refund(PaymentRequest request);
}
