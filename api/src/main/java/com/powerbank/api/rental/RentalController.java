package com.powerbank.api.rental;

import com.powerbank.api.web.IdempotencyKeys;
import com.powerbank.api.web.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Start, stop and read rentals (SPEC §4). Thin: validates the edge (header, body, path), calls one
 * service, returns its answer.
 */
@RestController
@RequestMapping(path = "/api/v1/rentals", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Rentals")
public class RentalController {

  /**
   * A rental id in a path: any segment but the names of the POST operations, so {@code GET
   * /rentals/quote} is 405 (not "quote is not a UUID") and {@code OPTIONS} lists only POST there.
   * What is left is checked to be a UUID (400 otherwise).
   */
  private static final String ID = "{id:(?!(?:quote|start|stop)$).+}";

  private static final String KEY_DOC =
      "A UUID chosen by the client. The rental id is derived from it and the quote's user, so"
          + " repeating a request with the same key and body returns the same answer.";

  private final RentalStartService starts;
  private final RentalStopService stops;
  private final RentalQueryService queries;

  public RentalController(
      RentalStartService starts, RentalStopService stops, RentalQueryService queries) {
    this.starts = starts;
    this.stops = stops;
    this.queries = queries;
  }

  /** Starts a rental from a quote; see {@link RentalStartService#start}. */
  @PostMapping(path = "/start", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Start a rental",
      description =
          "Holds the deposit and ejects a powerbank, then answers. Idempotent by Idempotency-Key:"
              + " the same key and quote give the same answer, also after the rental ended; many"
              + " concurrent identical starts make one rental, one hold and one eject. After 503"
              + " PAYMENTS_UNAVAILABLE (nothing held or ejected) the same key may be sent again"
              + " and start the rental, until 10 minutes after the quote expired.")
  @ApiResponse(responseCode = "200", description = "The rental is ACTIVE")
  public StartRentalResponse start(
      @Parameter(
              in = ParameterIn.HEADER,
              name = IdempotencyKeys.HEADER,
              required = true,
              description = KEY_DOC,
              schema = @Schema(type = "string", format = "uuid"))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
          String idempotencyKey,
      @Valid @RequestBody StartRentalRequest request) {
    UUID key = IdempotencyKeys.parse(idempotencyKey);
    return starts.start(key, Inputs.uuid("quote_id", request.quoteId()));
  }

  /** Stops a rental; see {@link RentalStopService#stop}. */
  @PostMapping(path = "/stop", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Stop a rental",
      description =
          "Returns the powerbank at a station: final charge to the second, open debt captured from"
              + " the deposit, the rest of the hold released. A repeated stop returns the same"
              + " receipt. A key is tied to the rental and station of its first valid use.")
  @ApiResponse(responseCode = "200", description = "The receipt of the FINISHED rental")
  public StopRentalResponse stop(
      @Parameter(
              in = ParameterIn.HEADER,
              name = IdempotencyKeys.HEADER,
              required = true,
              description = "A UUID; a repeated stop returns the same receipt.",
              schema = @Schema(type = "string", format = "uuid"))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
          String idempotencyKey,
      @Valid @RequestBody StopRentalRequest request) {
    UUID key = IdempotencyKeys.parse(idempotencyKey);
    String rentalId = Inputs.uuid("rental_id", request.rentalId()).toString();
    return stops.stop(key, rentalId, request.stationId());
  }

  /** A rental's state; see {@link RentalQueryService#status}. */
  @GetMapping("/" + ID)
  @Operation(
      summary = "Read a rental",
      description =
          "total_amount is the cost accrued up to now while ACTIVE, the final cost once ended.")
  @ApiResponse(responseCode = "200", description = "The rental")
  public RentalStatusResponse status(
      @Parameter(description = "The rental id", schema = @Schema(type = "string", format = "uuid"))
          @PathVariable("id")
          String id) {
    return queries.status(Inputs.uuid("rental_id", id).toString());
  }

  /** A rental's payment ledger; see {@link RentalQueryService#payments}. */
  @GetMapping("/" + ID + "/payments")
  @Operation(
      summary = "A rental's payments",
      description =
          "The ledger in time order: hold, charges, declines, debt collections, capture, release.")
  @ApiResponse(responseCode = "200", description = "The ledger")
  public PaymentsResponse payments(
      @Parameter(description = "The rental id", schema = @Schema(type = "string", format = "uuid"))
          @PathVariable("id")
          String id) {
    return queries.payments(Inputs.uuid("rental_id", id).toString());
  }
}
