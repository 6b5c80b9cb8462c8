package com.powerbank.workflows.rental;

import com.powerbank.workflows.billing.RentalTerms;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the Temporal Web UI shows of a rental without opening JSON (issue 9): the workflow's static
 * summary and details (set by the api at start), one-line summaries of its timers ("tick 12") and
 * activities ("charge 30 for tick 12", "debt collection 2"), and its current details. Summaries are
 * user metadata of the commands: they do not change which commands a workflow makes, so adding them
 * does not break the replay of recorded histories.
 *
 * <p>Only strings and options here; the workflow decides where to use them.
 */
public final class RentalSummaries {

  private RentalSummaries() {}

  // ---- the workflow as a whole (WorkflowOptions at start, by the api) ----

  /** Static summary: "Rental of user-1 at station-1". */
  public static String staticSummary(RentalInput input) {
    return "Rental of " + input.userId() + " at " + input.stationId();
  }

  /**
   * Static details (Markdown): user, station, quote and the tariff and configs the rental keeps.
   */
  public static String staticDetails(RentalInput input) {
    RentalTerms terms = input.terms();
    return "**Rental** "
        + input.rentalId()
        + "\n\n- user: "
        + input.userId()
        + "\n- station: "
        + input.stationId()
        + "\n- quote: "
        + input.quoteId()
        + "\n- tariff: "
        + terms.tariff().pricePerHour()
        + " RUB/h, "
        + terms.tariff().freePeriodMin()
        + " free min, deposit "
        + terms.tariff().deposit()
        + " RUB\n- billing tick: "
        + terms.billingTickSec()
        + " s, buyout at "
        + terms.buyoutPrice()
        + " RUB, debt chunk "
        + terms.debtChargeStep()
        + " RUB";
  }

  /** Current details ({@code Workflow.setCurrentDetails}): "ACTIVE, tick 12, paid 360, debt 0". */
  public static String currentDetails(RentalStatus status, long tick, long paid, long debt) {
    return status + ", tick " + tick + ", paid " + paid + " RUB, debt " + debt + " RUB";
  }

  // ---- timers ----

  /** The wait for billing tick {@code tick}: "tick 12". */
  public static TimerOptions tickTimer(long tick) {
    return timer("tick " + tick);
  }

  /** The wait for debt collection attempt {@code attempt}: "debt collection 2". */
  public static TimerOptions debtTimer(long attempt) {
    return timer("debt collection " + attempt);
  }

  /** The wait before the read model is written again: "read model retry". */
  public static TimerOptions readModelRetryTimer() {
    return timer("read model retry");
  }

  /** The wait for the maximum rental time, which ends the rental as a buyout. */
  public static TimerOptions maxRentalTimeTimer() {
    return timer("maximum rental time");
  }

  /**
   * The wait for the end of the debt collection window, after which debt is no longer collected.
   */
  public static TimerOptions debtWindowEndTimer() {
    return timer("end of debt collection");
  }

  /**
   * {@link Workflow#await(Duration, Supplier)} with a summarized timer, making the very same
   * commands as SDK 1.38 makes for it by default (its {@code CANCEL_AWAIT_TIMER_ON_CONDITION} flag
   * is off): one timer, started even when {@code unblock} already holds, and left alone (not
   * cancelled) when {@code unblock} comes first. So recorded histories of {@code Workflow.await}
   * replay with it ({@code RentalSummariesTest} replays all three cases). Call it from workflow
   * code only.
   *
   * @return true when {@code unblock} became true before the timer fired, false otherwise
   */
  public static boolean await(Duration timeout, TimerOptions timer, Supplier<Boolean> unblock) {
    Promise<Void> fired = Workflow.newTimer(timeout, timer);
    Workflow.await(() -> fired.isCompleted() || unblock.get());
    return !fired.isCompleted();
  }

  // ---- activities ----

  /** A tick charge: "charge 30 for tick 12". */
  public static String tickCharge(long amount, long tick) {
    return "charge " + amount + " for tick " + tick;
  }

  /** The charge at stop: "final charge 30". */
  public static String finalCharge(long amount) {
    return "final charge " + amount;
  }

  /** Chunk {@code n} of debt collection: "debt collection 2". */
  public static String debtCollection(long n) {
    return "debt collection " + n;
  }

  /** The deposit hold: "deposit hold 500". */
  public static String hold(long amount) {
    return "deposit hold " + amount;
  }

  /** The eject: "eject at station-1". */
  public static String eject(String stationId) {
    return "eject at " + stationId;
  }

  /**
   * Activity stubs of {@code type} with {@code options}, one per call, each carrying the summary it
   * is given. Call it from workflow code only.
   */
  public static <T> Function<String, T> stubs(Class<T> type, ActivityOptions options) {
    return summary -> Workflow.newActivityStub(type, withSummary(options, summary));
  }

  /** Local activity stubs of {@code type} with {@code options}, as {@link #stubs}. */
  public static <T> Function<String, T> localStubs(Class<T> type, LocalActivityOptions options) {
    return summary -> Workflow.newLocalActivityStub(type, withSummary(options, summary));
  }

  /** {@code base} with {@code summary} (for {@code Workflow.newActivityStub}). */
  public static ActivityOptions withSummary(ActivityOptions base, String summary) {
    return ActivityOptions.newBuilder(base).setSummary(summary).build();
  }

  /** {@code base} with {@code summary} (for {@code Workflow.newLocalActivityStub}). */
  public static LocalActivityOptions withSummary(LocalActivityOptions base, String summary) {
    return LocalActivityOptions.newBuilder(base).setSummary(summary).build();
  }

  private static TimerOptions timer(String summary) {
    return TimerOptions.newBuilder().setSummary(summary).build();
  }
}
