package com.powerbank.api.rental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.ApiIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/rentals/{id}} and {@code GET /api/v1/rentals/{id}/payments} (SPEC §4). */
class RentalReadTest extends ApiIntegrationTest {

  @Test
  void activeRentalShowsTheCostAccruedUpToNow() throws InterruptedException {
    JsonNode rental = rent("user-1", "station-fast");
    String rentalId = rental.get("rental_id").asText();
    Thread.sleep(3_000);

    Answer answer = fetch("/api/v1/rentals/" + rentalId);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode r = answer.body();
    assertThat(r.get("rental_id").asText()).isEqualTo(rentalId);
    assertThat(r.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(r.get("powerbank_id").asText()).isEqualTo(rental.get("powerbank_id").asText());
    assertThat(r.get("started_at").asText()).isEqualTo(rental.get("started_at").asText());
    assertThat(r.get("finished_at").isNull()).isTrue();
    long elapsed =
        Duration.between(Instant.parse(r.get("started_at").asText()), Instant.now()).toSeconds();
    // one unit a second, no free period, nothing billed yet (first tick at 30 s)
    assertThat(r.get("total_amount").asLong()).isBetween(elapsed - 1, elapsed + 1);
    assertThat(r.get("paid_amount").asLong()).isZero();
    assertThat(r.get("current_debt").asLong()).isZero();
    assertThat(r.get("duration_minutes").asLong()).isZero();
  }

  @Test
  void activeRentalInItsFreePeriodCostsNothing() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();

    JsonNode r = awaitStatus(rentalId, "ACTIVE");

    assertThat(r.get("total_amount").asLong()).isZero();
    List<String> fields = new ArrayList<>();
    r.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "rental_id",
            "status",
            "powerbank_id",
            "started_at",
            "finished_at",
            "total_amount",
            "paid_amount",
            "current_debt",
            "duration_minutes");
  }

  @Test
  void paymentsListTheLedgerInTimeOrder() throws InterruptedException {
    String rentalId = rent("user-1", "station-fast").get("rental_id").asText();
    Thread.sleep(1_500);
    assertThat(stop(UUID.randomUUID(), rentalId, "station-3").status()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                fetch("/api/v1/rentals/" + rentalId + "/payments")
                    .body()
                    .path("payments")
                    .findValuesAsText("kind")
                    .contains("RELEASE"));
    Answer answer = fetch("/api/v1/rentals/" + rentalId + "/payments");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("rental_id").asText()).isEqualTo(rentalId);
    List<String> kinds = answer.body().get("payments").findValuesAsText("kind");
    assertThat(kinds).containsSubsequence("HOLD", "FINAL_CHARGE", "RELEASE");
    JsonNode hold = answer.body().get("payments").get(0);
    assertThat(hold.get("kind").asText()).isEqualTo("HOLD");
    assertThat(hold.get("amount").asLong()).isEqualTo(100);
    assertThat(hold.get("success").asBoolean()).isTrue();
    assertThat(hold.get("error").isNull()).isTrue();
    assertThat(hold.get("idempotency_key").asText()).startsWith(rentalId);
    Instant previous = Instant.EPOCH;
    for (JsonNode p : answer.body().get("payments")) {
      Instant at = Instant.parse(p.get("created_at").asText());
      assertThat(at).isAfterOrEqualTo(previous);
      previous = at;
    }
  }

  @Test
  void declinedChargesShowAsDebt() throws InterruptedException {
    String rentalId = rent("poor-eve", "station-fast").get("rental_id").asText();
    Thread.sleep(1_500);

    Answer stop = stop(UUID.randomUUID(), rentalId, "station-1");

    assertThat(stop.status()).as(stop.raw()).isEqualTo(200);
    // the final charge is declined, then captured from the 100 deposit: nothing left owed
    assertThat(stop.body().get("current_debt").asLong()).isZero();
    JsonNode status = awaitStatus(rentalId, "FINISHED");
    assertThat(status.get("paid_amount").asLong())
        .isEqualTo(stop.body().get("total_amount").asLong());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fetch("/api/v1/rentals/" + rentalId + "/payments")
                    .body()
                    .path("payments")
                    .findValuesAsText("kind")
                    .contains("CAPTURE"));
    JsonNode payments = fetch("/api/v1/rentals/" + rentalId + "/payments").body().get("payments");
    boolean declinedFinal = false;
    for (JsonNode p : payments) {
      if (p.get("kind").asText().equals("FINAL_CHARGE")) {
        declinedFinal = !p.get("success").asBoolean() && p.get("error").asText().equals("declined");
      }
    }
    assertThat(declinedFinal).as(payments.toString()).isTrue();
  }

  @Test
  void unknownRentalIs404() {
    String id = UUID.randomUUID().toString();

    assertError(fetch("/api/v1/rentals/" + id), 404, "RENTAL_NOT_FOUND");
    assertError(fetch("/api/v1/rentals/" + id + "/payments"), 404, "RENTAL_NOT_FOUND");
  }

  @Test
  void upperCaseRentalIdFindsTheRental() {
    String rentalId = rent("user-1", "station-1").get("rental_id").asText();
    awaitStatus(rentalId, "ACTIVE");

    Answer answer = fetch("/api/v1/rentals/" + rentalId.toUpperCase());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("rental_id").asText()).isEqualTo(rentalId);
  }
}
