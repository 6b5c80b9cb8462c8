package com.powerbank.stubs.tariffs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tariff service of the external contract. */
@RestController
public class TariffController {

  private final TariffCatalog catalog;

  TariffController(TariffCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * {@code GET /tariff?id=T} → {@code
   * {"id":"T","price_per_hour":60,"free_period_min":5,"deposit":500}}; 404 {@code TARIFF_NOT_FOUND}
   * for an unknown id.
   */
  @GetMapping("/tariff")
  public Tariff tariff(@RequestParam String id) {
    return catalog.get(id);
  }
}
