package com.powerbank.api.rental;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/rentals/stop} (SPEC §4 stop, §6 idempotency). */
class StopRentalTest extends ApiIntegrationTest {

  @Test
  void stopFinishesTheRentalAndAnswersTheReceipt() throws InterruptedException {
    // station-fast: 3600/h, no free minutes: one unit a second
    JsonNode rental = rent("user-1", "station-fast");
    String rentalId = rental.get("rental_id").asText();
    Thread.sleep(2_500);

    Answer answer = stop(UUID.randomUUID(), rentalId, "station-2");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    JsonNode receipt = answer.body();
    assertThat(receipt.get("rental_id").asText()).isEqualTo(rentalId);
    assertThat(receipt.get("status").asText()).isEqualTo("FINISHED");
    assertThat(receipt.get("started_at").asText()).isEqualTo(rental.get("started_at").asText());
    Instant started = Instant.parse(receipt.get("started_at").asText());
    Instant finished = Instant.parse(receipt.get("finished_at").asText());
    long seconds = Duration.between(started, finished).toSeconds();
    assertThat(seconds).isGreaterThanOrEqualTo(2);
    // due(t) = ceil(3600 * t / 3600) = t, to the second
    assertThat(receipt.get("total_amount").asLong()).isBetween(seconds, seconds + 1);
    assertThat(receipt.get("duration_minutes").asLong()).isZero();
    assertThat(receipt.get("current_debt").asLong()).isZero();
    stubs.verify(
        1,
        postRequestedFor(urlPathEqualTo("/return-powerbank"))
            .withRequestBody(
                equalToJson(
                    "{\"station_id\":\"station-2\",\"powerbank_id\":\""
                        + rental.get("powerbank_id").asText()
                        + "\"}")));

    JsonNode status = awaitStatus(rentalId, "FINISHED");
    assertThat(status.get("total_amount").asLong()).isEqualTo(receipt.get("total_amount").asLong());
    assertThat(status.get("paid_amount").asLong()).isEqualTo(receipt.get("total_amount").asLong());
    assertThat(status.get("current_debt").asLong()).isZero();
    assertThat(status.get("finished_at").asText()).isEqualTo(receipt.get("finished_at").asText());
  }

  @Test
  void repeatedStopAnswersTheSameReceipt() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    UUID key = UUID.randomUUID();
    Answer first = stop(key, rentalId, "station-2");
    assertThat(first.status()).as(first.raw()).isEqualTo(200);

    Answer sameKey = stop(key, rentalId, "station-2");
    Answer otherKey = stop(UUID.randomUUID(), rentalId, "station-2");

    assertThat(sameKey.status()).isEqualTo(200);
    assertThat(sameKey.body()).isEqualTo(first.body());
    assertThat(otherKey.status()).isEqualTo(200);
    assertThat(otherKey.body()).isEqualTo(first.body());
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/return-powerbank")));
  }

  @Test
  void repeatedStopNeedsNoStationsService() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    Answer first = stop(UUID.randomUUID(), rentalId, "station-2");
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    stubs.stubFor(
        get(urlPathEqualTo("/station-data")).atPriority(1).willReturn(aResponse().withStatus(503)));

    Answer again = stop(UUID.randomUUID(), rentalId, "station-2");

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
  }

  @Test
  void repeatedStopAfterTheWorkflowClosedAnswersFromTheReadModel() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    UUID key = UUID.randomUUID();
    Answer first = stop(key, rentalId, "station-2");
    assertThat(first.status()).isEqualTo(200);
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
    awaitStatus(rentalId, "FINISHED");

    Answer again = stop(key, rentalId, "station-2");

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
  }

  @Test
  void missingIdempotencyKeyIs400() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();

    Answer answer =
        postRaw(
            "/api/v1/rentals/stop", json(Map.of("rental_id", rentalId, "station_id", "station-2")));

    assertError(answer, 400, "IDEMPOTENCY_KEY_REQUIRED");
    assertThat(fetch("/api/v1/rentals/" + rentalId).body().get("status").asText())
        .isEqualTo("ACTIVE");
  }

  @Test
  void unknownRentalIs404() {
    Map<String, Long> before = rowCounts();

    Answer answer = stop(UUID.randomUUID(), UUID.randomUUID().toString(), "station-2");

    assertError(answer, 404, "RENTAL_NOT_FOUND");
    assertThat(rowCounts()).isEqualTo(before);
  }

  @Test
  void unknownReturnStationIs404AndTheRentalGoesOn() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    awaitStatus(rentalId, "ACTIVE");
    Map<String, Long> before = rowCounts();

    Answer answer = stop(UUID.randomUUID(), rentalId, "no-such-station");

    assertError(answer, 404, "STATION_NOT_FOUND");
    assertThat(rowCounts()).isEqualTo(before);
    assertThat(fetch("/api/v1/rentals/" + rentalId).body().get("status").asText())
        .isEqualTo("ACTIVE");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/return-powerbank")));
  }

  @Test
  void failedRentalCannotBeStopped() {
    UUID key = UUID.randomUUID();
    Answer start = start(key, quoteId("broke-dan", "station-1"));
    assertThat(start.status()).isEqualTo(402);
    String rentalId = RentalIds.rentalId("broke-dan", key);
    started(rentalId);
    awaitStatus(rentalId, "FAILED");

    Answer answer = stop(UUID.randomUUID(), rentalId, "station-2");

    assertError(answer, 409, "RENTAL_NOT_ACTIVE");
  }

  @Test
  void boughtOutRentalCannotBeStopped() {
    // R_BUYOUT 2 at 1 unit a second, billed every second: a buyout within a few seconds
    stubs.stubFor(
        get(urlPathEqualTo("/configs"))
            .atPriority(1)
            .willReturn(
                okJson(
                    ExternalStubs.CONFIGS
                        .replace("\"R_BUYOUT\":5000", "\"R_BUYOUT\":2")
                        .replace("\"BILLING_TICK_SEC\":30", "\"BILLING_TICK_SEC\":1"))));
    String rentalId = rent("user-1", "station-fast").get("rental_id").asText();
    JsonNode status = awaitStatus(rentalId, "BUYOUT");
    assertThat(status.get("total_amount").asLong()).isEqualTo(2);

    Answer answer = stop(UUID.randomUUID(), rentalId, "station-2");

    assertError(answer, 409, "RENTAL_NOT_ACTIVE");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/return-powerbank")));
  }

  @Test
  void stopWhileTheStartIsStillRunningIs409AndTheRentalStartsAnyway() throws Exception {
    stubs.stubFor(
        post(urlPathEqualTo("/eject-powerbank"))
            .atPriority(1)
            .willReturn(
                okJson("{\"success\":true,\"powerbank_id\":\"pb-slow\"}").withFixedDelay(1_000)));
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    String rentalId = RentalIds.rentalId("user-1", key);
    started(rentalId);
    CompletableFuture<Answer> start = CompletableFuture.supplyAsync(() -> start(key, quoteId));
    Thread.sleep(400);

    UUID stopKey = UUID.randomUUID();
    Answer early = stop(stopKey, rentalId, "station-2");

    assertError(early, 409, "RENTAL_NOT_ACTIVE");
    Answer startAnswer = start.get();
    assertThat(startAnswer.status()).as(startAnswer.raw()).isEqualTo(200);
    assertThat(startAnswer.body().get("powerbank_id").asText()).isEqualTo("pb-slow");
    stubs.verify(0, postRequestedFor(urlPathEqualTo("/return-powerbank")));
    // the same key, retried once the rental has started, stops it (the 409 did not use it up)
    Answer later = stop(stopKey, rentalId, "station-2");
    assertThat(later.status()).as(later.raw()).isEqualTo(200);
  }

  @Test
  void stopOfARentalWhoseStartHasNotReachedTemporalYetIs409() {
    // the quote is claimed by the rental id before the workflow is started
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();
    String rentalId = RentalIds.rentalId("user-1", key);
    jdbc.update(
        "UPDATE quotes SET rental_id = ?::uuid WHERE quote_id = ?::uuid", rentalId, quoteId);

    Answer answer = stop(UUID.randomUUID(), rentalId, "station-2");

    assertError(answer, 409, "RENTAL_NOT_ACTIVE");
  }

  @Test
  void sameStopKeyForAnotherRentalIs422AndThatRentalGoesOn() {
    String first = rent("user-1", "station-1").get("rental_id").asText();
    String second = rent("user-1", "station-1").get("rental_id").asText();
    UUID key = UUID.randomUUID();
    Answer stopped = stop(key, first, "station-2");
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);

    Answer reused = stop(key, second, "station-2");

    assertError(reused, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(reused.error()).doesNotContain(first);
    assertThat(fetch("/api/v1/rentals/" + second).body().get("status").asText())
        .isEqualTo("ACTIVE");
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/return-powerbank")));
    // the same key and body still answer as the first time
    Answer again = stop(key, first, "station-2");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(stopped.body());
    assertError(stop(key, second, "station-2"), 422, "IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void sameStopKeyAtAnotherStationIs422() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    UUID key = UUID.randomUUID();
    assertThat(stop(key, rentalId, "station-2").status()).isEqualTo(200);

    Answer answer = stop(key, rentalId, "station-3");

    assertError(answer, 422, "IDEMPOTENCY_KEY_REUSED");
    stubs.verify(1, postRequestedFor(urlPathEqualTo("/return-powerbank")));
  }

  @Test
  void stopKeysOfDifferentUsersDoNotMeet() {
    String mine = rent("user-1", "station-1").get("rental_id").asText();
    String theirs = rent("user-2", "station-1").get("rental_id").asText();
    UUID key = UUID.randomUUID();
    assertThat(stop(key, mine, "station-2").status()).isEqualTo(200);

    Answer answer = stop(key, theirs, "station-2");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body().get("rental_id").asText()).isEqualTo(theirs);
  }

  @Test
  void aRejectedStopDoesNotTieItsKey() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    UUID key = UUID.randomUUID();
    assertError(stop(key, rentalId, "no-such-station"), 404, "STATION_NOT_FOUND");

    Answer answer = stop(key, rentalId, "station-2");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
  }
}
