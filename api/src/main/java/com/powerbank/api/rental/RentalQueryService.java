package com.powerbank.api.rental;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.readmodel.PaymentLedgerRepository;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.readmodel.RentalRow;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.billing.Tariff;
import com.powerbank.workflows.rental.RentalStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Reads of a rental from the PostgreSQL read model (SPEC §4 status and payments, §7). */
@Service
public class RentalQueryService {

  private final RentalReadModelRepository rentals;
  private final PaymentLedgerRepository ledger;
  private final Clock clock;

  public RentalQueryService(
      RentalReadModelRepository rentals, PaymentLedgerRepository ledger, Clock clock) {
    this.rentals = rentals;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * The rental's state. While ACTIVE, {@code total_amount} is {@code due(now - started_at)} (SPEC
   * §5), the cost accrued up to this moment, and the duration runs up to now; once the stop or
   * buyout is being settled, and once ended, both are the stored final values.
   *
   * @param rentalId a UUID, lower case
   * @throws ApiException 404 RENTAL_NOT_FOUND
   */
  public RentalStatusResponse status(String rentalId) {
    RentalRow row = find(rentalId);
    // still out: an ACTIVE rental without an end (one being settled already has its end)
    boolean running =
        row.startedAt() != null && row.status() == RentalStatus.ACTIVE && row.finishedAt() == null;
    Instant end = running ? clock.instant() : row.finishedAt();
    Long startedAtMillis = row.startedAt() == null ? null : row.startedAt().toEpochMilli();
    Long endMillis = end == null ? null : end.toEpochMilli();
    long total =
        running
            ? Billing.due(
                tariffOf(row), row.buyoutPrice(), Billing.elapsedSec(startedAtMillis, endMillis))
            : row.totalAmount();
    return new RentalStatusResponse(
        row.rentalId(),
        row.status(),
        row.powerbankId(),
        row.startedAt(),
        row.finishedAt(),
        total,
        row.paidAmount(),
        row.debtAmount(),
        Billing.durationMinutes(startedAtMillis, endMillis));
  }

  /**
   * The rental's payment ledger in time order.
   *
   * @param rentalId a UUID, lower case
   * @throws ApiException 404 RENTAL_NOT_FOUND
   */
  public PaymentsResponse payments(String rentalId) {
    RentalRow row = find(rentalId);
    List<PaymentsResponse.Payment> payments =
        ledger.findByRental(rentalId).stream()
            .map(
                p ->
                    new PaymentsResponse.Payment(
                        p.kind(),
                        p.amount(),
                        p.success(),
                        p.error(),
                        p.idempotencyKey(),
                        p.createdAt()))
            .toList();
    return new PaymentsResponse(row.rentalId(), payments);
  }

  private RentalRow find(String rentalId) {
    return rentals
        .findById(rentalId)
        .orElseThrow(() -> ApiException.notFound(ErrorCodes.RENTAL_NOT_FOUND, "Rental not found"));
  }

  private static Tariff tariffOf(RentalRow row) {
    return new Tariff(row.pricePerHour(), row.freePeriodMin(), row.deposit());
  }
}
