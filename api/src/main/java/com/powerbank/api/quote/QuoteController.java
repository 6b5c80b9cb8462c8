package com.powerbank.api.quote;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/rentals/quote} (SPEC §4). */
@RestController
@RequestMapping(path = "/api/v1/rentals", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Rentals", description = "Quote, start, stop and read powerbank rentals")
public class QuoteController {

  private final QuoteService quotes;

  public QuoteController(QuoteService quotes) {
    this.quotes = quotes;
  }

  /**
   * Prices a rental at a station and stores the quote.
   *
   * @return 200 with the quote; errors as {@link QuoteService#quote} documents
   */
  @PostMapping(path = "/quote", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Get a price quote",
      description =
          "Prices a rental at the station: the station's tariff, times last_banks_increase when at"
              + " most one powerbank is left (rounded up); the deposit is halved for trusted users."
              + " The quote freezes these prices for expires_in_sec seconds (QUOTE_TTL_SEC)."
              + " Money is in whole roubles.")
  @ApiResponse(responseCode = "200", description = "The quote")
  public QuoteResponse quote(@Valid @RequestBody QuoteRequest request) {
    return quotes.quote(request);
  }
}
