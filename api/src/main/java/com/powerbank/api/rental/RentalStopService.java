package com.powerbank.api.rental;

import com.powerbank.api.external.StationDataClient;
import com.powerbank.api.quote.QuoteRepository;
import com.powerbank.api.security.Caller;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.readmodel.RentalRow;
import com.powerbank.workflows.billing.Billing;
import com.powerbank.workflows.rental.RentalFailures;
import com.powerbank.workflows.rental.RentalReceipt;
import com.powerbank.workflows.rental.RentalStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Stops a rental at a return station (SPEC §4 stop): the workflow makes the final charge to the
 * second, docks the powerbank and settles against the deposit, then answers its receipt. A repeated
 * stop answers the same receipt (SPEC §6); a stop key already used for another rental or station of
 * the same user is 422.
 */
@Service
public class RentalStopService {

  private final RentalReadModelRepository rentals;
  private final QuoteRepository quotes;
  private final StopKeyRepository stopKeys;
  private final StationDataClient stations;
  private final RentalWorkflows workflows;

  public RentalStopService(
      RentalReadModelRepository rentals,
      QuoteRepository quotes,
      StopKeyRepository stopKeys,
      StationDataClient stations,
      RentalWorkflows workflows) {
    this.rentals = rentals;
    this.quotes = quotes;
    this.stopKeys = stopKeys;
    this.stations = stations;
    this.workflows = workflows;
  }

  /**
   * @param key the request's {@code Idempotency-Key}
   * @param rentalId the rental (already checked to be a UUID, lower case)
   * @param returnStationId where the powerbank is returned
   * @param caller the signed-in user: another user's rental is not found (issue 11)
   * @return the receipt; money in whole currency units
   * @throws ApiException 404 RENTAL_NOT_FOUND (also another user's), 404 STATION_NOT_FOUND, 422
   *     IDEMPOTENCY_KEY_REUSED, 503 STATIONS_UNAVAILABLE / TEMPORAL_UNAVAILABLE /
   *     RENTAL_UNAVAILABLE / RENTAL_TIMEOUT
   * @throws RentalFailedException 409 RENTAL_NOT_ACTIVE when the rental is BUYOUT, FAILED or still
   *     starting
   */
  public StopRentalResponse stop(UUID key, String rentalId, String returnStationId, Caller caller) {
    Optional<RentalRow> row = rentals.findById(rentalId);
    String userId =
        row.map(RentalRow::userId).orElseGet(() -> userOfUnrecordedRental(rentalId, caller));
    if (!caller.owns(userId)) {
      throw notFound();
    }
    StopKeyRepository.StopKey use = new StopKeyRepository.StopKey(rentalId, returnStationId);
    // Checked first, as for start: a reused key is 422 whatever state the other rental is in.
    stopKeys
        .find(userId, key)
        .filter(first -> !first.equals(use))
        .ifPresent(
            first -> {
              throw keyReused();
            });
    boolean repeated = row.isPresent() && row.get().status() == RentalStatus.FINISHED;
    // A repeated stop only reads the stored receipt: it needs no station lookup (nor its service).
    if (!repeated && stations.find(returnStationId).isEmpty()) {
      throw ApiException.notFound(
          ErrorCodes.STATION_NOT_FOUND, "Station " + returnStationId + " not found");
    }
    if (row.isPresent() && notStoppable(row.get())) {
      throw notActive(row.get().status());
    }
    if (row.isPresent() && row.get().status() == RentalStatus.PENDING) {
      // Answered here, without the update and without tying the key: the same key must be able
      // to stop the rental once it has started (an update's answer would stay with its id).
      throw stillStarting();
    }
    // Valid: the key is now tied to this rental and station (a concurrent first use may have won).
    if (!stopKeys.bind(userId, key, use).equals(use)) {
      throw keyReused();
    }
    try {
      return toResponse(workflows.stop(rentalId, returnStationId, key));
    } catch (RentalWorkflows.RentalClosedException closed) {
      // The workflow is gone (ended and closed): the read model keeps the receipt.
      RentalRow ended = rentals.findById(rentalId).orElseThrow(RentalStopService::notFound);
      if (ended.status() != RentalStatus.FINISHED) {
        throw notActive(ended.status());
      }
      return fromRow(ended);
    }
  }

  /**
   * The user of a rental the read model does not know yet: from its workflow, or 409 when only its
   * quote claim exists (the start has not reached Temporal yet), or 404.
   */
  private String userOfUnrecordedRental(String rentalId, Caller caller) {
    Optional<RentalWorkflows.RentalRun> run = workflows.find(rentalId);
    if (run.isPresent()) {
      return Objects.requireNonNullElse(run.get().userId(), "");
    }
    if (quotes
        .findClaimedBy(UUID.fromString(rentalId))
        .filter(quote -> caller.owns(quote.userId()))
        .isPresent()) {
      throw stillStarting();
    }
    throw notFound();
  }

  /**
   * BUYOUT and FAILED rentals cannot be stopped, except one that FAILED with PAYMENTS_UNAVAILABLE:
   * the same start key may have run it again since, and the read model of the new run may still
   * show the old failure, so the workflow's stop validator decides.
   */
  private static boolean notStoppable(RentalRow row) {
    return row.status() == RentalStatus.BUYOUT
        || (row.status() == RentalStatus.FAILED
            && !RentalFailures.PAYMENTS_UNAVAILABLE.equals(row.failureCode()));
  }

  private static StopRentalResponse toResponse(RentalReceipt r) {
    return new StopRentalResponse(
        r.rentalId(),
        r.status(),
        r.startedAtMillis() == null ? null : Instant.ofEpochMilli(r.startedAtMillis()),
        r.finishedAtMillis() == null ? null : Instant.ofEpochMilli(r.finishedAtMillis()),
        r.totalAmount(),
        r.durationMinutes(),
        r.currentDebt());
  }

  private static StopRentalResponse fromRow(RentalRow row) {
    return new StopRentalResponse(
        row.rentalId(),
        row.status(),
        row.startedAt(),
        row.finishedAt(),
        row.totalAmount(),
        Billing.durationMinutes(epochMillis(row.startedAt()), epochMillis(row.finishedAt())),
        row.debtAmount());
  }

  private static Long epochMillis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static ApiException notFound() {
    return ApiException.notFound(ErrorCodes.RENTAL_NOT_FOUND, "Rental not found");
  }

  private static RentalFailedException stillStarting() {
    return RentalFailedException.notActive("Rental is still starting and cannot be stopped yet");
  }

  private static RentalFailedException notActive(RentalStatus status) {
    return RentalFailedException.notActive("Rental is " + status + " and cannot be stopped");
  }

  private static ApiException keyReused() {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        ErrorCodes.IDEMPOTENCY_KEY_REUSED,
        "Idempotency-Key was already used to stop another rental or at another station");
  }
}
