package com.powerbank.stubs.admin;

import com.powerbank.stubs.faults.Endpoints;
import com.powerbank.stubs.faults.Fault;
import com.powerbank.stubs.faults.FaultRegistry;
import com.powerbank.stubs.faults.FaultRequest;
import com.powerbank.stubs.web.StubException;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Our fault-injection API; see {@link com.powerbank.stubs.faults.FaultInjectionFilter}. */
@RestController
@RequestMapping("/admin/faults")
public class AdminFaultsController {

  private final FaultRegistry faults;

  AdminFaultsController(FaultRegistry faults) {
    this.faults = faults;
  }

  /**
   * {@code POST /admin/faults} {@code
   * {"endpoint","error_rate","delay_ms","decline","duration_sec"}} sets (replaces) the endpoint's
   * fault and returns it as {@link Fault}; 400 {@code BAD_REQUEST} on bad input.
   */
  @PostMapping
  public Fault set(@Valid @RequestBody FaultRequest request) {
    return faults.set(request);
  }

  /** {@code GET /admin/faults} → {@code {"faults":[<Fault>...]}}, expired ones left out. */
  @GetMapping
  public Map<String, List<Fault>> list() {
    return Map.of("faults", faults.list());
  }

  /** {@code DELETE /admin/faults} → {@code {"cleared":<how many were in force>}}. */
  @DeleteMapping
  public Map<String, Integer> clear() {
    return Map.of("cleared", faults.clear());
  }

  /** {@code DELETE /admin/faults/{endpoint}} → {@code {"cleared":0|1}}; 400 for an unknown name. */
  @DeleteMapping("/{endpoint}")
  public Map<String, Integer> clear(@PathVariable String endpoint) {
    if (!Endpoints.isKnown(endpoint)) {
      throw StubException.badRequest("Unknown endpoint '" + endpoint + "'");
    }
    return Map.of("cleared", faults.clear(endpoint) ? 1 : 0);
  }
}
