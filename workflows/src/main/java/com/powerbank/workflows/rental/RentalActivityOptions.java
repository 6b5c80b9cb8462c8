package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.PaymentActivities;
import com.powerbank.workflows.activities.StationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retry policies of every activity the rental workflow calls, in one place (STYLE.md).
 *
 * <p>Why these shapes: the tick path (charge, read-model write) runs as local activities so a tick
 * is one workflow task (SPEC §8); their retries are safe because every charge carries its
 * idempotency key. The start (hold, then eject) runs as local activities too since issue 8, so a
 * start is one workflow task instead of three plus two activity tasks ({@link #LOCAL_HOLD}, {@link
 * #LOCAL_EJECT}); both are keyed, so the task a crash lost is redone safely. Settlement steps
 * (final charge, capture, release, return) are ordinary activities, visible in the Web UI and
 * retried by the server even across worker crashes; {@link #HOLD} and {@link #EJECT} are kept for
 * runs started before the change.
 */
public final class RentalActivityOptions {

  private RentalActivityOptions() {}

  /**
   * Deposit hold: a declined card is final; an unavailable payments service gives up after 30 s so
   * the start request answers instead of hanging.
   */
  public static final ActivityOptions HOLD = startStep(PaymentActivities.DEPOSIT_DECLINED);

  /**
   * Eject: an empty or unknown station is final. A timeout or 5xx is an outcome not known yet (a
   * physical eject takes seconds, and a bank may have left the station), so it is asked again with
   * the same key, without a deadline, until the station answers; only a final answer may release
   * the hold (issue 7). Each attempt allows 15 s, beyond the stations client's 10 s read timeout.
   */
  public static final ActivityOptions EJECT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .setDoNotRetry(StationActivities.EJECT_FAILED)
                  .build())
          .build();

  /**
   * The deposit hold as a local activity, with the same policy as {@link #HOLD}: retried quickly
   * for at most 30 s, never after a decline. Keyed per run ({@code <rental>:<run>:hold}), so the
   * hold a lost workflow task made is answered again, not made twice.
   */
  public static final LocalActivityOptions LOCAL_HOLD = local(HOLD).build();

  /**
   * The eject as a local activity, with the same policy as {@link #EJECT}: asked again with the
   * same key ({@code <rental>:eject}) without a deadline until the station gives a final answer.
   * While it retries, the SDK keeps the workflow task alive (a heartbeat task about every 8 s).
   *
   * <p>"Without a deadline" is spelled as {@link Integer#MAX_VALUE} attempts: SDK 1.38 does not
   * retry a local activity at all when it has neither a schedule-to-close timeout nor a maximum
   * number of attempts ({@code LocalActivityWorker.isRetryPolicyNotSet}).
   */
  public static final LocalActivityOptions LOCAL_EJECT =
      local(EJECT)
          .setRetryOptions(
              RetryOptions.newBuilder(EJECT.getRetryOptions())
                  .setMaximumAttempts(Integer.MAX_VALUE)
                  .build())
          .build();

  /**
   * Settlement steps (capture, release, dock): money and inventory must end right, so they are
   * retried without a deadline, backing off to one attempt a minute.
   */
  public static final ActivityOptions SETTLEMENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /**
   * A charge (tick, final, debt chunk): a decline is an answer, not a failure; 5xx and timeouts are
   * retried for up to one minute, after which the amount is held as debt of unknown outcome and
   * retried later with the same idempotency key (SPEC §5).
   */
  public static final LocalActivityOptions CHARGE =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(3))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(500))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  /**
   * The final charge at stop or buyout: the same policy as {@link #CHARGE}, but an ordinary
   * activity, so its amount (which depends on the stop moment) is in history before money moves.
   */
  public static final ActivityOptions FINAL_CHARGE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(CHARGE.getStartToCloseTimeout())
          .setScheduleToCloseTimeout(CHARGE.getScheduleToCloseTimeout())
          .setRetryOptions(CHARGE.getRetryOptions())
          .build();

  /**
   * Read-model writes: idempotent upserts given a few seconds at most, so that billing never waits
   * on PostgreSQL (issue 6); one quick retry for a dropped connection. A write that fails is not
   * lost: the workflow keeps the state and the unwritten ledger entries and tries again later with
   * back-off.
   */
  public static final LocalActivityOptions STORE =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setScheduleToCloseTimeout(Duration.ofSeconds(6))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(2)
                  .build())
          .build();

  /** The timeouts and retry policy of {@code options}, for a local activity. */
  private static LocalActivityOptions.Builder local(ActivityOptions options) {
    LocalActivityOptions.Builder local =
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(options.getStartToCloseTimeout())
            .setRetryOptions(options.getRetryOptions());
    return options.getScheduleToCloseTimeout() == null
        ? local
        : local.setScheduleToCloseTimeout(options.getScheduleToCloseTimeout());
  }

  /**
   * A step the start response waits for: retried quickly for at most 30 s, never for {@code
   * finalFailureType}.
   */
  private static ActivityOptions startStep(String finalFailureType) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(5))
        .setScheduleToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(500))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(5))
                .setDoNotRetry(finalFailureType)
                .build())
        .build();
  }
}
