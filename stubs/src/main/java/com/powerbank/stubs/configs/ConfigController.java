package com.powerbank.stubs.configs;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The configs service of the external contract. */
@RestController
public class ConfigController {

  private final ConfigStore store;

  ConfigController(ConfigStore store) {
    this.store = store;
  }

  /**
   * {@code GET /configs} → {@code
   * {"R_BUYOUT":5000,"BILLING_TICK_SEC":30,"DEBT_CHARGE_STEP":100,"QUOTE_TTL_SEC":60,"price_coeff_settings":{"last_banks_increase":1.5}}}
   * (or whatever {@code PUT /admin/configs} merged in since).
   */
  @GetMapping("/configs")
  public Map<String, Object> configs() {
    return store.current();
  }
}
