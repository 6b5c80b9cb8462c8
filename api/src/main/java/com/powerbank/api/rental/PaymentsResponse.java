package com.powerbank.api.rental;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.powerbank.workflows.activities.PaymentKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code GET /api/v1/rentals/{id}/payments} (SPEC §4): the rental's ledger in time order.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
    name = "PaymentsResponse",
    requiredProperties = {"rental_id", "payments"})
public record PaymentsResponse(@Schema(format = "uuid") String rentalId, List<Payment> payments) {

  /**
   * One payment attempt, by idempotency key (its latest outcome).
   *
   * @param kind HOLD, CHARGE, FINAL_CHARGE, DEBT_COLLECTION, CAPTURE or RELEASE
   * @param amount whole currency units: moved when {@code success}, asked for otherwise
   * @param error why it failed (decline message); null on success
   * @param createdAt the first attempt, ISO-8601 UTC
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @Schema(
      name = "Payment",
      requiredProperties = {"kind", "amount", "success", "error", "idempotency_key", "created_at"})
  public record Payment(
      PaymentKind kind,
      @Schema(minimum = "0") long amount,
      boolean success,
      @Schema(nullable = true) String error,
      @Schema(example = "3fa85f64-5717-4562-b3fc-2c963f66afa6:1") String idempotencyKey,
      Instant createdAt) {}
}
