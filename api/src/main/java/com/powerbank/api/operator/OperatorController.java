package com.powerbank.api.operator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator view's reads (issue 9), all in this one controller under {@value #PATH}, which the
 * operator scope guards in one place (SecurityConfig; {@code links} is open, issue 11): open
 * rentals (Temporal visibility), users with open debt (read model), station inventory (stations),
 * and links to the operator's tools. Their errors (503 when Temporal visibility, the database or
 * the stations do not answer) are documented by {@code ErrorCatalogue.EVERYWHERE}.
 */
@RestController
@RequestMapping(path = OperatorController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Operator")
public class OperatorController {

  /** Base path of the operator endpoints. */
  public static final String PATH = "/api/v1/operator";

  private final OpenRentals openRentals;
  private final Debtors debtors;
  private final StationInventory stations;
  private final OperatorLinks links;

  public OperatorController(
      OpenRentals openRentals,
      Debtors debtors,
      StationInventory stations,
      @Value("${powerbank.temporal.ui-url:http://127.0.0.1:8233}") String temporalUiUrl,
      @Value("${spring.temporal.namespace:default}") String namespace) {
    this.openRentals = openRentals;
    this.debtors = debtors;
    this.stations = stations;
    this.links = new OperatorLinks(temporalUiUrl, namespace);
  }

  /** Running rentals, each once with its current status; see {@link OpenRentals}. */
  @GetMapping("/rentals")
  @Operation(
      summary = "Open rentals",
      description =
          "Running rental workflows from Temporal visibility (RentalStatus, UserId, StationId),"
              + " each rental once, newest first, at most 200.")
  @ApiResponse(responseCode = "200", description = "The open rentals")
  public List<OpenRental> rentals() {
    return openRentals.list();
  }

  /** Users with open debt; see {@link Debtors}. */
  @GetMapping("/debtors")
  @Operation(summary = "Users with open debt", description = "Largest debt first, at most 200.")
  @ApiResponse(responseCode = "200", description = "The users with debt")
  public List<Debtor> debtors() {
    return debtors.list();
  }

  /** Every station's stock; see {@link StationInventory}. */
  @GetMapping("/stations")
  @Operation(summary = "Station inventory", description = "Powerbanks docked per station.")
  @ApiResponse(responseCode = "200", description = "The stations")
  public List<StationStock> stations() {
    return stations.list();
  }

  /** Where the Temporal Web UI is, for links to a rental's workflow. */
  @GetMapping("/links")
  @Operation(summary = "Operator links", description = "The Temporal Web UI's URL and namespace.")
  @ApiResponse(responseCode = "200", description = "The links")
  public OperatorLinks links() {
    return links;
  }
}
