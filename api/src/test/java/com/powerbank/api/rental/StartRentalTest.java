package com.powerbank.api.rental;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.ApiIntegrationTest;
import com.powerbank.api.ExternalStubs;
import com.powerbank.workflows.rental.RentalIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/rentals/start} (SPEC §4 start, §6 idempotency). */
class StartRentalTest extends ApiIntegrationTest {

  @Test
  void startHoldsTheDepositEjectsAndAnswersActive() {
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();

    Answer answer = start(key, quoteId);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    JsonNode r = answer.body();
    assertThat(r.get("rental_id").asText()).isEqualTo(RentalIds.rentalId("user-1", key));
    assertThat(r.get("powerbank_id").asText()).startsWith("pb-");
    assertThat(r.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(r.get("total_amount").asLong()).isZero();
    Instant startedAt = Instant.parse(r.get("started_at").asText());
    assertThat(startedAt).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
    assertThat(r.get("started_at").asText()).endsWith("Z");

    stubs.verify(1, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
    assertThat(
            jdbc.queryForObject(
                "SELECT rental_id::text FROM quotes WHERE quote_id = ?::uuid",
                String.class,
                quoteId))
        .isEqualTo(r.get("rental_id").asText());
    // the tick the rental started with, for the worker's tick-lag metric (configs default: 30 s)
    assertThat(
            jdbc.queryForObject(
                "SELECT billing_tick_sec FROM quotes WHERE quote_id = ?::uuid",
                Long.class,
                quoteId))
        .isEqualTo(30L);
    JsonNode status = awaitStatus(r.get("rental_id").asText(), "ACTIVE");
    assertThat(status.get("powerbank_id").asText()).isEqualTo(r.get("powerbank_id").asText());
  }

  @Test
  void missingIdempotencyKeyIs400() {
    String quoteId = quoteId("user-1", "station-1");
    Map<String, Long> before = rowCounts();

    Answer answer = postRaw("/api/v1/rentals/start", json(Map.of("quote_id", quoteId)));

    assertError(answer, 400, "IDEMPOTENCY_KEY_REQUIRED");
    assertThat(rowCounts()).isEqualTo(before);
    assertQuoteUnclaimed(quoteId);
  }

  @Test
  void nonUuidIdempotencyKeyIs400() {
    String quoteId = quoteId("user-1", "station-1");
    Map<String, Long> before = rowCounts();

    for (String key : List.of("abc", "12345", "3fa85f64-5717-4562-b3fc-2c963f66afa", " ")) {
      Answer answer =
          postRaw(
              "/api/v1/rentals/start", json(Map.of("quote_id", quoteId)), "Idempotency-Key", key);
      assertThat(answer.code()).as(key).isIn("INVALID_IDEMPOTENCY_KEY", "IDEMPOTENCY_KEY_REQUIRED");
      assertThat(answer.status()).isEqualTo(400);
    }
    assertError(
        postRaw(
            "/api/v1/rentals/start", json(Map.of("quote_id", quoteId)), "Idempotency-Key", "abc"),
        400,
        "INVALID_IDEMPOTENCY_KEY");
    assertThat(rowCounts()).isEqualTo(before);
    assertQuoteUnclaimed(quoteId);
  }

  @Test
  void unknownQuoteIs404() {
    Map<String, Long> before = rowCounts();

    Answer answer = start(UUID.randomUUID(), UUID.randomUUID().toString());

    assertError(answer, 404, "QUOTE_NOT_FOUND");
    assertThat(rowCounts()).isEqualTo(before);
  }

  @Test
  void expiredQuoteIs400QuoteExpired() throws InterruptedException {
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    ExternalStubs.CONFIGS.replace("\"QUOTE_TTL_SEC\":60", "\"QUOTE_TTL_SEC\":1"))));
    String quoteId = quoteId("user-1", "station-1");
    Thread.sleep(1_200);
    Map<String, Long> before = rowCounts();

    Answer answer = start(UUID.randomUUID(), quoteId);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("error").asText()).isEqualTo("Quote expired");
    assertThat(answer.code()).isEqualTo("QUOTE_EXPIRED");
    assertThat(rowCounts()).isEqualTo(before);
    assertQuoteUnclaimed(quoteId);
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
  }

  @Test
  void quoteUsedByAnotherRentalIs409() {
    String quoteId = quoteId("user-1", "station-1");
    assertThat(start(UUID.randomUUID(), quoteId).status()).isEqualTo(200);
    Map<String, Long> before = rowCounts();

    Answer answer = start(UUID.randomUUID(), quoteId);

    assertError(answer, 409, "QUOTE_ALREADY_USED");
    assertThat(rowCounts()).isEqualTo(before);
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
  }

  @Test
  void debtArisingAfterTheQuoteIs409AtStartAndWritesNothing() {
    String quoteId = quoteId("debtor-later", "station-1");
    jdbc.update(
        "INSERT INTO debts (rental_id, user_id, amount, attempts) VALUES (?, 'debtor-later', 7, 1)",
        UUID.randomUUID());
    Map<String, Long> before = rowCounts();

    Answer answer = start(UUID.randomUUID(), quoteId);

    assertError(answer, 409, "USER_HAS_DEBT");
    assertThat(rowCounts()).isEqualTo(before);
    assertQuoteUnclaimed(quoteId);
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
  }

  @Test
  void sameKeyWithADifferentQuoteIs422() {
    UUID key = UUID.randomUUID();
    String first = quoteId("user-1", "station-1");
    String second = quoteId("user-1", "station-2");
    assertThat(start(key, first).status()).isEqualTo(200);
    Map<String, Long> before = rowCounts();

    Answer answer = start(key, second);

    assertError(answer, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(rowCounts()).isEqualTo(before);
    assertQuoteUnclaimed(second);
  }

  @Test
  void sameKeyFromAnotherUserIsAnotherRental() {
    UUID key = UUID.randomUUID();
    JsonNode mine = start(key, quoteId("user-1", "station-1")).body();

    Answer theirs = start(key, quoteId("user-2", "station-1"));

    assertThat(theirs.status()).isEqualTo(200);
    assertThat(theirs.body().get("rental_id").asText())
        .isNotEqualTo(mine.get("rental_id").asText());
  }

  @Test
  void repeatedStartAnswersTheSame() {
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    Answer first = start(key, quoteId);
    assertThat(first.status()).isEqualTo(200);

    Answer again = start(key, quoteId);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
  }

  @Test
  void repeatedStartAfterTheQuoteExpiredStillAnswersTheSame() throws InterruptedException {
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    ExternalStubs.CONFIGS.replace("\"QUOTE_TTL_SEC\":60", "\"QUOTE_TTL_SEC\":2"))));
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    Answer first = start(key, quoteId);
    assertThat(first.status()).isEqualTo(200);
    Thread.sleep(2_100);

    Answer again = start(key, quoteId);

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
  }

  @Test
  void repeatedStartAfterTheRentalEndedAnswersTheSame() {
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    Answer first = start(key, quoteId);
    String rentalId = first.body().get("rental_id").asText();
    assertThat(stop(UUID.randomUUID(), rentalId, "station-2").status()).isEqualTo(200);
    awaitWorkflowClosed(rentalId);

    Answer again = start(key, quoteId);

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
  }

  @Test
  void declinedDepositIs402AndNothingIsEjected() {
    String quoteId = quoteId("broke-carl", "station-1");
    UUID key = UUID.randomUUID();

    Answer answer = start(key, quoteId);

    assertError(answer, 402, "DEPOSIT_DECLINED");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
    String rentalId = RentalIds.rentalId("broke-carl", key);
    started(rentalId);
    JsonNode status = awaitStatus(rentalId, "FAILED");
    assertThat(status.get("powerbank_id").isNull()).isTrue();
    assertThat(status.get("started_at").isNull()).isTrue();
    assertThat(status.get("total_amount").asLong()).isZero();

    // the same request again, after the workflow closed, gives the same answer
    awaitWorkflowClosed(rentalId);
    Answer again = start(key, quoteId);
    assertError(again, 402, "DEPOSIT_DECLINED");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
  }

  @Test
  void failedEjectIs409AndTheHoldIsReleased() {
    stubs.stubFor(
        post(urlPathEqualTo("/eject-powerbank"))
            .atPriority(1)
            .willReturn(okJson("{\"success\":false}")));
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();

    Answer answer = start(key, quoteId);

    assertError(answer, 409, "EJECT_FAILED");
    String rentalId = RentalIds.rentalId("user-1", key);
    started(rentalId);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> stubs.verify(1, postRequestedFor(urlPathEqualTo("/release-money-for-order"))));
    awaitStatus(rentalId, "FAILED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fetch("/api/v1/rentals/" + rentalId + "/payments")
                    .body()
                    .path("payments")
                    .findValuesAsText("kind")
                    .contains("RELEASE"));

    // the same request again, after the run completed, gives the same answer and moves nothing
    awaitWorkflowClosed(rentalId);
    assertError(start(key, quoteId), 409, "EJECT_FAILED");
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
  }

  @Test
  void paymentsServiceDownIs503AndTheSameKeyMayStartTheRentalLater() {
    // Quotes live 1 s; the hold is retried for 30 s (its schedule-to-close timeout), then the start
    // gives up. The release fails too, so the run stays open until the test ends it.
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    ExternalStubs.CONFIGS.replace("\"QUOTE_TTL_SEC\":60", "\"QUOTE_TTL_SEC\":1"))));
    for (String payment : List.of("/hold-money-for-order", "/release-money-for-order")) {
      stubs.stubFor(
          post(urlPathEqualTo(payment)).atPriority(1).willReturn(aResponse().withStatus(503)));
    }
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    String rentalId = RentalIds.rentalId("user-1", key);
    started(rentalId);

    Answer answer = start(key, quoteId);

    assertError(answer, 503, "PAYMENTS_UNAVAILABLE");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
    awaitStatus(rentalId, "FAILED");
    // From now on such a run fails (ApplicationFailure PAYMENTS_UNAVAILABLE) instead of completing;
    // a terminated run closes as "not completed" the same way, for the workflow id reuse policy.
    temporal
        .newUntypedWorkflowStub(RentalWorkflowIds.of(rentalId))
        .terminate("payments were down: the run failed");
    awaitWorkflowClosed(rentalId);
    ExternalStubs.reset();

    // Past the retry window (10 minutes after the quote's expiry): the old quote starts nothing.
    jdbc.update(
        "UPDATE quotes SET expires_at = now() - interval '11 minutes' WHERE quote_id = ?::uuid",
        quoteId);
    Answer tooLate = start(key, quoteId);
    assertError(tooLate, 400, "QUOTE_EXPIRED");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));

    // Within it (here: 30 s after the 1-s quote expired), the same key starts the rental.
    jdbc.update(
        "UPDATE quotes SET expires_at = now() - interval '30 seconds' WHERE quote_id = ?::uuid",
        quoteId);
    Answer retry = start(key, quoteId);

    assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
    assertThat(retry.body().get("rental_id").asText()).isEqualTo(rentalId);
    assertThat(retry.body().get("status").asText()).isEqualTo("ACTIVE");
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
    Answer again = start(key, quoteId);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(retry.body());
    // the quote stays this rental's: another key on it is still refused
    assertError(start(UUID.randomUUID(), quoteId), 409, "QUOTE_ALREADY_USED");
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
    // and the rental that started on the retry can be stopped
    Answer stopped = stop(UUID.randomUUID(), rentalId, "station-2");
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
    assertThat(stopped.body().get("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void aRentalThatBecameActiveIsNeverStartedAgainEvenIfItsRunWasTerminated() {
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    Answer first = start(key, quoteId);
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    String rentalId = first.body().get("rental_id").asText();
    awaitStatus(rentalId, "ACTIVE");
    temporal.newUntypedWorkflowStub(RentalWorkflowIds.of(rentalId)).terminate("operator");
    awaitWorkflowClosed(rentalId);

    Answer again = start(key, quoteId);

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
  }

  @Test
  void concurrentIdenticalStartsMakeOneRental() throws Exception {
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    int callers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<Answer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        Callable<Answer> call = () -> start(key, quoteId);
        answers.add(pool.submit(call));
      }
      JsonNode first = null;
      for (Future<Answer> f : answers) {
        Answer a = f.get();
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        if (first == null) {
          first = a.body();
        }
        assertThat(a.body()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/eject-powerbank")));
    assertThat(rowCounts().get("rentals")).isEqualTo(1);
  }

  private void assertQuoteUnclaimed(String quoteId) {
    assertThat(
            jdbc.queryForObject(
                "SELECT rental_id IS NULL FROM quotes WHERE quote_id = ?::uuid",
                Boolean.class,
                quoteId))
        .isTrue();
  }

  private void awaitWorkflowClosed(String rentalId) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                temporal
                        .newUntypedWorkflowStub(RentalWorkflowIds.of(rentalId))
                        .describe()
                        .getStatus()
                    != io.temporal.api.enums.v1.WorkflowExecutionStatus
                        .WORKFLOW_EXECUTION_STATUS_RUNNING);
  }
}
