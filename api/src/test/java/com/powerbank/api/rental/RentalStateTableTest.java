package com.powerbank.api.rental;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.powerbank.api.rental.RentalStateTableTest.Call.PAYMENTS;
import static com.powerbank.api.rental.RentalStateTableTest.Call.START_REPEATED;
import static com.powerbank.api.rental.RentalStateTableTest.Call.STATUS;
import static com.powerbank.api.rental.RentalStateTableTest.Call.STOP_NEW_KEY;
import static com.powerbank.api.rental.RentalStateTableTest.Call.STOP_OTHER_STATION;
import static com.powerbank.api.rental.RentalStateTableTest.Call.STOP_SAME_KEY;
import static com.powerbank.api.rental.RentalStateTableTest.Call.STOP_SAME_KEY_CLOSED;
import static com.powerbank.api.rental.RentalStateTableTest.Call.STOP_SAME_KEY_LATER;
import static com.powerbank.api.rental.RentalStateTableTest.State.ACTIVE;
import static com.powerbank.api.rental.RentalStateTableTest.State.BUYOUT;
import static com.powerbank.api.rental.RentalStateTableTest.State.DEBT_AFTER_END;
import static com.powerbank.api.rental.RentalStateTableTest.State.FAILED_DEPOSIT;
import static com.powerbank.api.rental.RentalStateTableTest.State.FAILED_EJECT;
import static com.powerbank.api.rental.RentalStateTableTest.State.FINISHED;
import static com.powerbank.api.rental.RentalStateTableTest.State.PENDING;
import static com.powerbank.api.rental.RentalStateTableTest.State.SETTLING_AFTER_BUYOUT;
import static com.powerbank.api.rental.RentalStateTableTest.State.SETTLING_AFTER_STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.powerbank.api.ApiIntegrationTest;
import com.powerbank.api.ExternalStubs;
import com.powerbank.workflows.rental.RentalIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7: every call of the rental API answered in every state of a rental, as one table (SPEC §4,
 * §6). Each row of {@link #TABLE} is a test: a state, a call, the expected HTTP status, error
 * {@code code} and the key fields of the body.
 *
 * <p>How a state is held while it is asked (everything else is the real api, workflow and
 * activities against WireMock):
 *
 * <ul>
 *   <li>PENDING: the deposit is held, {@code /eject-powerbank} answers 503 (the eject is retried
 *       without a deadline) until the test lets it through;
 *   <li>SETTLING_AFTER_STOP: a stop is in flight, {@code /return-powerbank} answers 503 (the dock
 *       is retried) until let through;
 *   <li>SETTLING_AFTER_BUYOUT: {@code R_BUYOUT} 2 at one unit a second, billed every second; {@code
 *       /release-money-for-order} answers 503 until let through;
 *   <li>FAILED_EJECT: the eject answers {@code {"success":false}}; FAILED_DEPOSIT: a {@code broke-}
 *       user, the hold is declined;
 *   <li>DEBT_AFTER_END: a {@code poor-} user (every charge declined) on a tariff of 10 a second
 *       with a deposit of 10, stopped after 2 s: the deposit covers part of the debt, the rest is
 *       collected after the end (the workflow stays open).
 * </ul>
 *
 * <p>Each state is driven once, on its first row; every call is then made while the state holds
 * (calls that wait, such as a stop during settlement, are answered once the test lets the rental go
 * on), and the rows of that state check the answers. K's stop is sent once more after the state is
 * left, and once more after the rental's workflow closed (not for DEBT_AFTER_END: it stays open for
 * the 30 days of collection). The answers seen are also written as a markdown table to {@code
 * target/rental-state-table.md}.
 *
 * <p>While a stop or a buyout settles, {@code GET} may still say ACTIVE with the last written
 * {@code paid_amount}, but already shows the final total and end. A stop refused with 409 while the
 * rental is PENDING or FAILED/BUYOUT (from the read model) does not tie its key, so K stays usable
 * (a PENDING rental is stopped by K once started); one refused by the workflow itself (a stop
 * racing the buyout) ties it: hence 422 there for K at another station.
 */
class RentalStateTableTest extends ApiIntegrationTest {

  /** The states a rental is asked in, in table order. */
  enum State {
    PENDING("PENDING (hold done, eject running)"),
    ACTIVE("ACTIVE"),
    SETTLING_AFTER_STOP("settling after stop"),
    FINISHED("FINISHED"),
    SETTLING_AFTER_BUYOUT("settling after buyout"),
    BUYOUT("BUYOUT"),
    FAILED_EJECT("FAILED (eject failed)"),
    FAILED_DEPOSIT("FAILED (deposit declined)"),
    DEBT_AFTER_END("FINISHED, collecting debt");

    final String label;

    State(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The calls made in every state, in the order they are made. */
  enum Call {
    STATUS("GET /rentals/{id}"),
    PAYMENTS("GET /rentals/{id}/payments"),
    START_REPEATED("POST /start, its key and quote again"),
    STOP_NEW_KEY("POST /stop, new key K"),
    STOP_SAME_KEY("POST /stop, K, same body"),
    STOP_OTHER_STATION("POST /stop, K, other station"),
    STOP_SAME_KEY_LATER("POST /stop, K, same body, once the state is left"),
    STOP_SAME_KEY_CLOSED("POST /stop, K, same body, once the rental is over (workflow closed)");

    final String label;

    Call(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  // ---- the table ----

  private static final List<Row> TABLE =
      List.of(
          // PENDING: the start waits for the eject
          row(
              PENDING,
              STATUS,
              ok("status PENDING, no powerbank, total 0", RentalStateTableTest::pending)),
          row(
              PENDING,
              PAYMENTS,
              ok("ledger: nothing but the hold", ledger(List.of(), List.of("HOLD")))),
          row(
              PENDING,
              START_REPEATED,
              ok("= the first start, once the eject is done", sameAsStart())),
          row(PENDING, STOP_NEW_KEY, error(409, "RENTAL_NOT_ACTIVE")),
          row(PENDING, STOP_SAME_KEY, error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          // refused before the key is tied: K stays free to stop the rental once it has started
          row(PENDING, STOP_OTHER_STATION, error(409, "RENTAL_NOT_ACTIVE")),
          row(
              PENDING,
              STOP_SAME_KEY_LATER,
              ok(
                  "FINISHED: K stops the rental once it has started",
                  (a, seen) -> assertThat(a.body().get("status").asText()).isEqualTo("FINISHED"))),
          row(PENDING, STOP_SAME_KEY_CLOSED, ok("= K's receipt", sameAs(STOP_SAME_KEY_LATER))),
          // ACTIVE: the stop with K ends it; K's repeats meet the receipt
          row(
              ACTIVE,
              STATUS,
              ok("status ACTIVE, total = cost up to now", RentalStateTableTest::active)),
          row(ACTIVE, PAYMENTS, ok("ledger: HOLD", ledger(List.of("HOLD"), List.of()))),
          row(ACTIVE, START_REPEATED, ok("= the first start", sameAsStart())),
          row(
              ACTIVE,
              STOP_NEW_KEY,
              ok("FINISHED receipt, total to the second", RentalStateTableTest::stoppedNow)),
          row(ACTIVE, STOP_SAME_KEY, ok("= K's receipt", sameAs(STOP_NEW_KEY))),
          row(ACTIVE, STOP_OTHER_STATION, error(422, "IDEMPOTENCY_KEY_REUSED")),
          row(ACTIVE, STOP_SAME_KEY_LATER, ok("= K's receipt", sameAs(STOP_NEW_KEY))),
          row(ACTIVE, STOP_SAME_KEY_CLOSED, ok("= K's receipt", sameAs(STOP_NEW_KEY))),
          // settling after stop: another stop waits for the receipt of the stop being settled
          row(
              SETTLING_AFTER_STOP,
              STATUS,
              ok(
                  "status ACTIVE or FINISHED, receipt total <= total <= cost up to now",
                  RentalStateTableTest::settlingAfterStop)),
          row(
              SETTLING_AFTER_STOP,
              PAYMENTS,
              ok("ledger: HOLD", ledger(List.of("HOLD"), List.of("FINAL_CHARGE")))),
          row(SETTLING_AFTER_STOP, START_REPEATED, ok("= the first start", sameAsStart())),
          row(
              SETTLING_AFTER_STOP,
              STOP_NEW_KEY,
              ok("= the receipt of the stop being settled", sameAsFirstStop())),
          row(SETTLING_AFTER_STOP, STOP_SAME_KEY, ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          row(SETTLING_AFTER_STOP, STOP_OTHER_STATION, error(422, "IDEMPOTENCY_KEY_REUSED")),
          row(
              SETTLING_AFTER_STOP,
              STOP_SAME_KEY_LATER,
              ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          row(
              SETTLING_AFTER_STOP,
              STOP_SAME_KEY_CLOSED,
              ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          // FINISHED and closed: answered from the read model
          row(
              FINISHED,
              STATUS,
              ok(
                  "status FINISHED, the receipt's total, paid in full",
                  RentalStateTableTest::finished)),
          row(
              FINISHED,
              PAYMENTS,
              ok(
                  "ledger: HOLD, FINAL_CHARGE, RELEASE",
                  ledger(List.of("HOLD", "FINAL_CHARGE", "RELEASE"), List.of()))),
          row(FINISHED, START_REPEATED, ok("= the first start", sameAsStart())),
          row(FINISHED, STOP_NEW_KEY, ok("= the first stop's receipt", sameAsFirstStop())),
          row(FINISHED, STOP_SAME_KEY, ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          row(FINISHED, STOP_OTHER_STATION, error(422, "IDEMPOTENCY_KEY_REUSED")),
          row(FINISHED, STOP_SAME_KEY_LATER, ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          row(FINISHED, STOP_SAME_KEY_CLOSED, ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          // settling after buyout: paid reached R_BUYOUT, the hold is being released
          row(
              SETTLING_AFTER_BUYOUT,
              STATUS,
              ok(
                  "status ACTIVE or BUYOUT, total = R_BUYOUT",
                  RentalStateTableTest::settlingAfterBuyout)),
          row(
              SETTLING_AFTER_BUYOUT,
              PAYMENTS,
              ok("ledger: HOLD, CHARGE", ledger(List.of("HOLD", "CHARGE"), List.of("CHARGE")))),
          row(SETTLING_AFTER_BUYOUT, START_REPEATED, ok("= the first start", sameAsStart())),
          row(SETTLING_AFTER_BUYOUT, STOP_NEW_KEY, error(409, "RENTAL_NOT_ACTIVE")),
          row(
              SETTLING_AFTER_BUYOUT,
              STOP_SAME_KEY,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(SETTLING_AFTER_BUYOUT, STOP_OTHER_STATION, error(422, "IDEMPOTENCY_KEY_REUSED")),
          row(
              SETTLING_AFTER_BUYOUT,
              STOP_SAME_KEY_LATER,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(
              SETTLING_AFTER_BUYOUT,
              STOP_SAME_KEY_CLOSED,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          // BUYOUT and closed
          row(
              BUYOUT,
              STATUS,
              ok("status BUYOUT, total = paid = R_BUYOUT", RentalStateTableTest::boughtOut)),
          row(
              BUYOUT,
              PAYMENTS,
              ok(
                  "ledger: HOLD, CHARGE, CHARGE, RELEASE",
                  ledger(List.of("HOLD", "CHARGE", "CHARGE", "RELEASE"), List.of()))),
          row(BUYOUT, START_REPEATED, ok("= the first start", sameAsStart())),
          row(BUYOUT, STOP_NEW_KEY, error(409, "RENTAL_NOT_ACTIVE")),
          row(BUYOUT, STOP_SAME_KEY, error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(BUYOUT, STOP_OTHER_STATION, error(409, "RENTAL_NOT_ACTIVE")),
          row(BUYOUT, STOP_SAME_KEY_LATER, error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(BUYOUT, STOP_SAME_KEY_CLOSED, error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          // FAILED: the eject said no, the hold was released
          row(
              FAILED_EJECT,
              STATUS,
              ok("status FAILED, no powerbank, total 0", RentalStateTableTest::failed)),
          row(
              FAILED_EJECT,
              PAYMENTS,
              ok("ledger: HOLD, RELEASE", ledger(List.of("HOLD", "RELEASE"), List.of()))),
          row(FAILED_EJECT, START_REPEATED, error(409, "EJECT_FAILED", sameAsStart())),
          row(FAILED_EJECT, STOP_NEW_KEY, error(409, "RENTAL_NOT_ACTIVE")),
          row(FAILED_EJECT, STOP_SAME_KEY, error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(FAILED_EJECT, STOP_OTHER_STATION, error(409, "RENTAL_NOT_ACTIVE")),
          row(
              FAILED_EJECT,
              STOP_SAME_KEY_LATER,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(
              FAILED_EJECT,
              STOP_SAME_KEY_CLOSED,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          // FAILED: the hold was declined, nothing ejected
          row(
              FAILED_DEPOSIT,
              STATUS,
              ok("status FAILED, no powerbank, total 0", RentalStateTableTest::failed)),
          row(
              FAILED_DEPOSIT,
              PAYMENTS,
              ok("ledger: HOLD declined", ledger(List.of("HOLD"), List.of()))),
          row(FAILED_DEPOSIT, START_REPEATED, error(402, "DEPOSIT_DECLINED", sameAsStart())),
          row(FAILED_DEPOSIT, STOP_NEW_KEY, error(409, "RENTAL_NOT_ACTIVE")),
          row(FAILED_DEPOSIT, STOP_SAME_KEY, error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(FAILED_DEPOSIT, STOP_OTHER_STATION, error(409, "RENTAL_NOT_ACTIVE")),
          row(
              FAILED_DEPOSIT,
              STOP_SAME_KEY_LATER,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          row(
              FAILED_DEPOSIT,
              STOP_SAME_KEY_CLOSED,
              error(409, "RENTAL_NOT_ACTIVE", sameAs(STOP_NEW_KEY))),
          // FINISHED with debt beyond the deposit: the workflow is still collecting
          row(
              DEBT_AFTER_END,
              STATUS,
              ok(
                  "status FINISHED, paid = deposit, current_debt = the rest",
                  RentalStateTableTest::finishedInDebt)),
          row(
              DEBT_AFTER_END,
              PAYMENTS,
              ok(
                  "ledger: HOLD, FINAL_CHARGE declined, CAPTURE, RELEASE",
                  ledger(List.of("HOLD", "FINAL_CHARGE", "CAPTURE", "RELEASE"), List.of()))),
          row(DEBT_AFTER_END, START_REPEATED, ok("= the first start", sameAsStart())),
          row(
              DEBT_AFTER_END,
              STOP_NEW_KEY,
              ok("= the first stop's receipt (with its debt)", sameAsFirstStop())),
          row(DEBT_AFTER_END, STOP_SAME_KEY, ok("= the same receipt", sameAs(STOP_NEW_KEY))),
          row(DEBT_AFTER_END, STOP_OTHER_STATION, error(422, "IDEMPOTENCY_KEY_REUSED")),
          row(DEBT_AFTER_END, STOP_SAME_KEY_LATER, ok("= the same receipt", sameAs(STOP_NEW_KEY))));

  static Stream<Arguments> table() {
    return TABLE.stream().map(r -> Arguments.of(r.state(), r.call(), r.expected()));
  }

  /** What each state answered, filled on the state's first row. */
  private static final Map<State, Seen> SEEN = new ConcurrentHashMap<>();

  private static final ExecutorService CALLERS = Executors.newVirtualThreadPerTaskExecutor();

  @ParameterizedTest(name = "{0} | {1} -> {2}")
  @MethodSource("table")
  void answers(State state, Call call, Expected expected) {
    Seen seen = SEEN.computeIfAbsent(state, this::observe);
    if (seen.failure != null) {
      throw new AssertionError("could not drive a rental into " + state, seen.failure);
    }
    Answer answer = seen.answers.get(call);
    assertThat(answer).as("%s was not called", call).isNotNull();
    String what = state + " | " + call + ": " + answer.raw();
    assertThat(answer.status()).as("never 5xx: " + what).isLessThan(500);
    assertThat(answer.status()).as(what).isEqualTo(expected.status());
    if (expected.code() != null) {
      assertError(answer, expected.status(), expected.code());
    }
    expected.check().check(answer, seen);
  }

  // ---- driving a rental into a state, then asking it everything ----

  /** What a state answered, and what led into it. */
  static final class Seen {
    final State state;
    final Map<Call, Answer> answers = new EnumMap<>(Call.class);
    String rentalId;
    Answer start;
    Answer firstStop;
    Instant statusAskedAt;
    Throwable failure;

    Seen(State state) {
      this.state = state;
    }
  }

  /** A rental held in a state. */
  private final class Held {
    String userId;
    String rentalId;
    UUID startKey;
    String quoteId;
    CompletableFuture<Answer> start;
    CompletableFuture<Answer> firstStop;
    StubMapping gate;
    BooleanSupplier stillHeld = () -> true;
    Runnable awaitLeft = () -> {};

    /**
     * Ends the rental (if it still runs) and waits until its workflow closed; null: it stays open.
     */
    Runnable close = () -> awaitClosed(rentalId);

    String rental() {
      return "/api/v1/rentals/" + rentalId;
    }
  }

  private Seen observe(State state) {
    Seen seen = new Seen(state);
    try {
      Held held = drive(state);
      seen.rentalId = held.rentalId;
      ask(held, seen);
      seen.start = held.start.get(60, TimeUnit.SECONDS);
      seen.firstStop = held.firstStop == null ? null : held.firstStop.get(60, TimeUnit.SECONDS);
    } catch (Throwable e) {
      seen.failure = e;
    }
    return seen;
  }

  /** Every call of the table, made while the state holds; then once more the same stop later. */
  private void ask(Held held, Seen seen) throws Exception {
    boolean gated = held.gate != null;
    seen.answers.put(STATUS, fetch(held.rental()));
    seen.statusAskedAt = Instant.now();
    seen.answers.put(PAYMENTS, fetch(held.rental() + "/payments"));
    CompletableFuture<Answer> startAgain = async(() -> start(held.startKey, held.quoteId));
    answeredOrWaiting(startAgain, gated);
    UUID k = UUID.randomUUID();
    CompletableFuture<Answer> stop = async(() -> stop(k, held.rentalId, "station-2"));
    // K's first use: answered, or tied to the rental and waiting in the workflow
    await().atMost(Duration.ofSeconds(20)).until(() -> stop.isDone() || keyTied(held.userId, k));
    answeredOrWaiting(stop, gated);
    CompletableFuture<Answer> stopAgain = async(() -> stop(k, held.rentalId, "station-2"));
    answeredOrWaiting(stopAgain, gated);
    CompletableFuture<Answer> otherStation = async(() -> stop(k, held.rentalId, "station-3"));
    answeredOrWaiting(otherStation, gated);
    if (gated) {
      assertThat(held.stillHeld.getAsBoolean())
          .as("the rental was still %s while it was asked", seen.state)
          .isTrue();
      assertThat(fetch(held.rental()).body().path("status").asText())
          .isEqualTo(seen.answers.get(STATUS).body().path("status").asText());
      stubs.removeStub(held.gate);
    }
    seen.answers.put(START_REPEATED, startAgain.get(60, TimeUnit.SECONDS));
    seen.answers.put(STOP_NEW_KEY, stop.get(60, TimeUnit.SECONDS));
    seen.answers.put(STOP_SAME_KEY, stopAgain.get(60, TimeUnit.SECONDS));
    seen.answers.put(STOP_OTHER_STATION, otherStation.get(60, TimeUnit.SECONDS));
    held.awaitLeft.run();
    seen.answers.put(STOP_SAME_KEY_LATER, stop(k, held.rentalId, "station-2"));
    if (held.close != null) {
      held.close.run();
      seen.answers.put(STOP_SAME_KEY_CLOSED, stop(k, held.rentalId, "station-2"));
    }
  }

  private Held drive(State state) throws Exception {
    Held held = new Held();
    switch (state) {
      case PENDING -> {
        held.gate = unavailable("/eject-powerbank");
        begin(held, "table-pending", "station-1", false);
        awaitRequest("/eject-powerbank");
        awaitStatus(held.rentalId, "PENDING");
        held.stillHeld = () -> !held.start.isDone();
        held.awaitLeft = () -> awaitStatus(held.rentalId, "ACTIVE");
        held.close =
            () -> {
              Answer stopped = stop(UUID.randomUUID(), held.rentalId, "station-2");
              assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
              awaitClosed(held.rentalId);
            };
      }
      case ACTIVE -> {
        begin(held, "table-active", "station-fast", true);
        awaitStatus(held.rentalId, "ACTIVE");
        Thread.sleep(1_200);
        held.awaitLeft = () -> awaitStatus(held.rentalId, "FINISHED");
      }
      case SETTLING_AFTER_STOP -> {
        begin(held, "table-settling", "station-fast", true);
        awaitStatus(held.rentalId, "ACTIVE");
        Thread.sleep(1_200);
        held.gate = unavailable("/return-powerbank");
        UUID first = UUID.randomUUID();
        held.firstStop = async(() -> stop(first, held.rentalId, "station-2"));
        awaitRequest("/return-powerbank");
        // the station takes a while to confirm the dock: the rental was stopped seconds ago
        Thread.sleep(2_500);
        held.stillHeld = () -> !held.firstStop.isDone();
        held.awaitLeft = () -> awaitStatus(held.rentalId, "FINISHED");
      }
      case FINISHED -> {
        begin(held, "table-finished", "station-fast", true);
        awaitStatus(held.rentalId, "ACTIVE");
        Thread.sleep(1_200);
        Answer stopped = stop(UUID.randomUUID(), held.rentalId, "station-2");
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        held.firstStop = CompletableFuture.completedFuture(stopped);
        awaitClosed(held.rentalId);
        awaitStatus(held.rentalId, "FINISHED");
      }
      case SETTLING_AFTER_BUYOUT -> {
        quickBuyout();
        held.gate = unavailable("/release-money-for-order");
        begin(held, "table-buying-out", "station-fast", true);
        awaitRequest("/release-money-for-order");
        held.stillHeld = () -> isRunning(held.rentalId);
        held.awaitLeft =
            () -> {
              awaitStatus(held.rentalId, "BUYOUT");
              awaitClosed(held.rentalId);
            };
      }
      case BUYOUT -> {
        quickBuyout();
        begin(held, "table-buyout", "station-fast", true);
        awaitStatus(held.rentalId, "BUYOUT");
        awaitClosed(held.rentalId);
      }
      case FAILED_EJECT -> {
        stubs.stubFor(
            post(urlPathEqualTo("/eject-powerbank"))
                .atPriority(1)
                .willReturn(okJson("{\"success\":false}")));
        begin(held, "table-eject-failed", "station-1", true);
        assertError(held.start.get(), 409, "EJECT_FAILED");
        awaitStatus(held.rentalId, "FAILED");
        awaitClosed(held.rentalId);
      }
      case FAILED_DEPOSIT -> {
        begin(held, "broke-table", "station-1", true);
        assertError(held.start.get(), 402, "DEPOSIT_DECLINED");
        awaitStatus(held.rentalId, "FAILED");
        awaitClosed(held.rentalId);
      }
      case DEBT_AFTER_END -> {
        // 10 a second, no free minutes, deposit 10: two seconds cost more than the deposit
        stubs.stubFor(
            get(urlPathEqualTo("/station-data"))
                .withQueryParam("id", equalTo("station-debt"))
                .atPriority(1)
                .willReturn(
                    okJson(
                        "{\"id\":\"station-debt\",\"tariff_id\":\"tariff-debt\","
                            + "\"location\":{\"lat\":55.7558,\"lon\":37.6173},"
                            + "\"available_powerbanks\":10}")));
        ExternalStubs.tariff("tariff-debt", 36_000, 0, DEBT_DEPOSIT);
        begin(held, "poor-table", "station-debt", true);
        awaitStatus(held.rentalId, "ACTIVE");
        Thread.sleep(2_000);
        Answer stopped = stop(UUID.randomUUID(), held.rentalId, "station-2");
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        assertThat(stopped.body().get("current_debt").asLong()).isPositive();
        held.firstStop = CompletableFuture.completedFuture(stopped);
        awaitStatus(held.rentalId, "FINISHED");
        assertThat(isRunning(held.rentalId)).as("collecting the debt").isTrue();
        held.stillHeld = () -> isRunning(held.rentalId);
        held.close = null; // collects for 30 days
      }
      default -> throw new IllegalArgumentException(state.name());
    }
    return held;
  }

  private static final long DEBT_DEPOSIT = 10;

  /** Quotes and starts; waits for the start's answer unless {@code wait} is false. */
  private void begin(Held held, String userId, String stationId, boolean wait) throws Exception {
    held.userId = userId;
    held.quoteId = quoteId(userId, stationId);
    held.startKey = UUID.randomUUID();
    held.rentalId = RentalIds.rentalId(userId, held.startKey);
    started(held.rentalId);
    held.start = async(() -> start(held.startKey, held.quoteId));
    if (wait) {
      held.start.get(60, TimeUnit.SECONDS);
    }
  }

  /** R_BUYOUT 2 at one unit a second, billed every second: a buyout within about 2 s. */
  private static void quickBuyout() {
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    ExternalStubs.CONFIGS
                        .replace("\"R_BUYOUT\":5000", "\"R_BUYOUT\":" + BUYOUT_PRICE)
                        .replace("\"BILLING_TICK_SEC\":30", "\"BILLING_TICK_SEC\":1"))));
  }

  private static final long BUYOUT_PRICE = 2;

  /** The endpoint answers 503 (a transient failure, retried by the workflow) until removed. */
  private static StubMapping unavailable(String path) {
    return stubs.stubFor(
        post(urlPathEqualTo(path)).atPriority(1).willReturn(aResponse().withStatus(503)));
  }

  private static void awaitRequest(String path) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !stubs.findAll(postRequestedFor(urlPathEqualTo(path))).isEmpty());
  }

  private boolean keyTied(String userId, UUID key) {
    return jdbc.queryForObject(
            "SELECT count(*) FROM stop_requests WHERE user_id = ? AND idempotency_key = ?",
            Long.class,
            userId,
            key)
        > 0;
  }

  private boolean isRunning(String rentalId) {
    return temporal.newUntypedWorkflowStub(RentalWorkflowIds.of(rentalId)).describe().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private void awaitClosed(String rentalId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !isRunning(rentalId));
  }

  private static <T> CompletableFuture<T> async(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, CALLERS);
  }

  /**
   * Waits for an answer; in a held state, a call that waits for the state to end (a start during
   * PENDING, a stop during settlement) is left waiting after a second.
   */
  private static void answeredOrWaiting(CompletableFuture<Answer> call, boolean held)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (!held) {
      call.get(60, TimeUnit.SECONDS);
      return;
    }
    try {
      call.get(1, TimeUnit.SECONDS);
    } catch (TimeoutException waitsForTheState) {
      // answered once the test lets the rental go on
    }
  }

  // ---- expected answers ----

  /** One row of the table. */
  record Row(State state, Call call, Expected expected) {}

  /** A check of an answer's body, given everything the state answered. */
  @FunctionalInterface
  interface Check {
    void check(Answer answer, Seen seen);
  }

  /** Status, error code (null for 200) and what the body must say. */
  record Expected(int status, String code, String body, Check check) {
    @Override
    public String toString() {
      return status + (code == null ? "" : " " + code) + (body.isEmpty() ? "" : ", " + body);
    }
  }

  private static Row row(State state, Call call, Expected expected) {
    return new Row(state, call, expected);
  }

  private static Expected ok(String body, Check check) {
    return new Expected(200, null, body, check);
  }

  private static Expected error(int status, String code) {
    return new Expected(status, code, "", (a, s) -> {});
  }

  private static Expected error(int status, String code, Check check) {
    return new Expected(status, code, "same body", check);
  }

  private static Check sameAs(Call earlier) {
    return (a, s) ->
        assertThat(a.body())
            .as("the answer to " + earlier)
            .isEqualTo(s.answers.get(earlier).body());
  }

  private static Check sameAsStart() {
    return (a, s) -> {
      assertThat(a.status()).isEqualTo(s.start.status());
      assertThat(a.body()).as("the first start's answer").isEqualTo(s.start.body());
    };
  }

  private static Check sameAsFirstStop() {
    return (a, s) -> {
      assertThat(s.firstStop.status()).as(s.firstStop.raw()).isEqualTo(200);
      assertThat(a.body()).as("the first stop's receipt").isEqualTo(s.firstStop.body());
    };
  }

  /**
   * The ledger's kinds: {@code always} in this order, then any of {@code maybe} (written with the
   * next read-model write, which may or may not have happened yet).
   */
  private static Check ledger(List<String> always, List<String> maybe) {
    return (a, s) -> {
      assertThat(a.body().get("rental_id").asText()).isEqualTo(s.rentalId);
      List<String> kinds = a.body().get("payments").findValuesAsText("kind");
      assertThat(kinds.subList(0, Math.min(always.size(), kinds.size())))
          .as(a.raw())
          .isEqualTo(always);
      assertThat(kinds.subList(always.size(), kinds.size())).as(a.raw()).allMatch(maybe::contains);
    };
  }

  private static void pending(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("rental_id").asText()).isEqualTo(s.rentalId);
    assertThat(r.get("status").asText()).isEqualTo("PENDING");
    assertThat(r.get("powerbank_id").isNull()).isTrue();
    assertThat(r.get("started_at").isNull()).isTrue();
    assertThat(r.get("finished_at").isNull()).isTrue();
    assertMoney(r, 0, 0, 0);
  }

  private static void active(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(r.get("powerbank_id").asText())
        .isEqualTo(s.start.body().get("powerbank_id").asText());
    assertThat(r.get("started_at").asText()).isEqualTo(s.start.body().get("started_at").asText());
    assertThat(r.get("finished_at").isNull()).isTrue();
    long elapsed = secondsSinceStart(s);
    // one unit a second, nothing billed before the first tick at 30 s
    assertThat(r.get("total_amount").asLong()).isBetween(elapsed - 1, elapsed + 1);
    assertThat(r.get("paid_amount").asLong()).isZero();
    assertThat(r.get("current_debt").asLong()).isZero();
  }

  private static void stoppedNow(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("rental_id").asText()).isEqualTo(s.rentalId);
    assertThat(r.get("status").asText()).isEqualTo("FINISHED");
    long seconds =
        Duration.between(
                Instant.parse(r.get("started_at").asText()),
                Instant.parse(r.get("finished_at").asText()))
            .toSeconds();
    assertThat(seconds).isPositive();
    assertThat(r.get("total_amount").asLong()).isBetween(seconds, seconds + 1);
    assertThat(r.get("current_debt").asLong()).isZero();
  }

  /**
   * The stop has fixed the end and the total (written before the dock is asked): the rental may
   * still say ACTIVE, but its total is the receipt's, not a cost that goes on growing.
   */
  private static void settlingAfterStop(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("rental_id").asText()).isEqualTo(s.rentalId);
    assertThat(r.get("status").asText()).isIn("ACTIVE", "FINISHED");
    assertThat(r.get("powerbank_id").asText())
        .isEqualTo(s.start.body().get("powerbank_id").asText());
    assertThat(r.get("current_debt").asLong()).isZero();
    long receiptTotal = s.firstStop.body().get("total_amount").asLong();
    assertThat(receiptTotal).isPositive();
    assertThat(r.get("total_amount").asLong()).isEqualTo(receiptTotal);
    assertThat(r.get("finished_at").asText())
        .isEqualTo(s.firstStop.body().get("finished_at").asText());
    assertThat(r.get("paid_amount").asLong()).isBetween(0L, receiptTotal);
  }

  private static void finished(Answer a, Seen s) {
    JsonNode r = a.body();
    JsonNode receipt = s.firstStop.body();
    assertThat(r.get("status").asText()).isEqualTo("FINISHED");
    assertThat(r.get("finished_at").asText()).isEqualTo(receipt.get("finished_at").asText());
    long total = receipt.get("total_amount").asLong();
    assertThat(total).isPositive();
    assertMoney(r, total, total, 0);
    assertThat(r.get("duration_minutes").asLong())
        .isEqualTo(receipt.get("duration_minutes").asLong());
  }

  /**
   * Paid reached R_BUYOUT; the end is not written yet (the read model still says ACTIVE, and may
   * not show the last tick's charge): the total is already capped at R_BUYOUT.
   */
  private static void settlingAfterBuyout(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("rental_id").asText()).isEqualTo(s.rentalId);
    assertThat(r.get("status").asText()).isIn("ACTIVE", "BUYOUT");
    assertThat(r.get("total_amount").asLong()).isEqualTo(BUYOUT_PRICE);
    assertThat(r.get("paid_amount").asLong()).isBetween(1L, BUYOUT_PRICE);
    assertThat(r.get("current_debt").asLong()).isZero();
  }

  private static void boughtOut(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("status").asText()).isEqualTo("BUYOUT");
    assertThat(r.get("powerbank_id").asText())
        .isEqualTo(s.start.body().get("powerbank_id").asText());
    assertThat(r.get("finished_at").isNull()).isFalse();
    assertMoney(r, BUYOUT_PRICE, BUYOUT_PRICE, 0);
  }

  private static void failed(Answer a, Seen s) {
    JsonNode r = a.body();
    assertThat(r.get("status").asText()).isEqualTo("FAILED");
    assertThat(r.get("powerbank_id").isNull()).isTrue();
    assertThat(r.get("started_at").isNull()).isTrue();
    assertMoney(r, 0, 0, 0);
  }

  private static void finishedInDebt(Answer a, Seen s) {
    JsonNode r = a.body();
    JsonNode receipt = s.firstStop.body();
    assertThat(r.get("status").asText()).isEqualTo("FINISHED");
    long total = receipt.get("total_amount").asLong();
    long debt = receipt.get("current_debt").asLong();
    assertThat(debt).isEqualTo(total - DEBT_DEPOSIT).isPositive();
    assertMoney(r, total, DEBT_DEPOSIT, debt);
  }

  private static void assertMoney(JsonNode r, long total, long paid, long debt) {
    assertThat(r.get("total_amount").asLong()).as(r.toString()).isEqualTo(total);
    assertThat(r.get("paid_amount").asLong()).as(r.toString()).isEqualTo(paid);
    assertThat(r.get("current_debt").asLong()).as(r.toString()).isEqualTo(debt);
  }

  private static long secondsSinceStart(Seen s) {
    return Duration.between(
            Instant.parse(s.start.body().get("started_at").asText()), s.statusAskedAt)
        .toSeconds();
  }

  // ---- the matrix as seen, for the README ----

  @AfterAll
  static void writeTheMatrix() throws IOException {
    StringBuilder md = new StringBuilder("| state |");
    for (Call call : Call.values()) {
      md.append(' ').append(call).append(" |");
    }
    md.append("\n|---|").append("---|".repeat(Call.values().length)).append('\n');
    for (State state : State.values()) {
      Seen seen = SEEN.get(state);
      if (seen == null) {
        continue;
      }
      md.append("| ").append(state).append(" |");
      for (Call call : Call.values()) {
        md.append(' ').append(seen.failure != null ? "-" : summary(seen, call)).append(" |");
      }
      md.append('\n');
    }
    Path file = Path.of("target", "rental-state-table.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, md);
    System.out.println(md);
    CALLERS.shutdownNow();
  }

  private static String summary(Seen seen, Call call) {
    Answer a = seen.answers.get(call);
    if (a == null) {
      return "n/a (open for 30 days)";
    }
    if (a.code() != null) {
      return a.status() + " " + a.code() + same(seen, call, a);
    }
    JsonNode b = a.body();
    return switch (call) {
      case STATUS ->
          "200 %s, total %d, paid %d, debt %d"
              .formatted(
                  b.path("status").asText(),
                  b.path("total_amount").asLong(),
                  b.path("paid_amount").asLong(),
                  b.path("current_debt").asLong());
      case PAYMENTS -> {
        List<String> kinds = new ArrayList<>();
        for (JsonNode p : b.path("payments")) {
          kinds.add(p.path("kind").asText() + (p.path("success").asBoolean() ? "" : " ✗"));
        }
        yield "200 [" + String.join(", ", kinds) + "]";
      }
      case START_REPEATED -> "200 " + b.path("status").asText() + same(seen, call, a);
      default ->
          "200 %s, total %d, debt %d%s"
              .formatted(
                  b.path("status").asText(),
                  b.path("total_amount").asLong(),
                  b.path("current_debt").asLong(),
                  same(seen, call, a));
    };
  }

  private static String same(Seen seen, Call call, Answer a) {
    if (call == START_REPEATED && seen.start != null && a.body().equals(seen.start.body())) {
      return " (= start)";
    }
    if (call.ordinal() > STOP_NEW_KEY.ordinal()
        && a.body().equals(seen.answers.get(STOP_NEW_KEY).body())) {
      return " (= K's)";
    }
    if (call == STOP_NEW_KEY && seen.firstStop != null && a.body().equals(seen.firstStop.body())) {
      return " (= first stop's)";
    }
    return "";
  }
}
