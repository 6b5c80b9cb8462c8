package com.powerbank.stubs.admin;

import com.powerbank.stubs.configs.ConfigStore;
import com.powerbank.stubs.payments.PaymentBook;
import com.powerbank.stubs.stations.StationData;
import com.powerbank.stubs.stations.StationPatch;
import com.powerbank.stubs.stations.StationRegistry;
import com.powerbank.stubs.tariffs.Tariff;
import com.powerbank.stubs.tariffs.TariffCatalog;
import com.powerbank.stubs.tariffs.TariffPatch;
import com.powerbank.stubs.users.UserDirectory;
import com.powerbank.stubs.users.UserPatch;
import com.powerbank.stubs.users.UserSnapshot;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Our admin API: inspect state, reset it, and change configs, tariffs, stations and users. */
@RestController
@RequestMapping("/admin")
public class AdminController {

  private final StubReset reset;
  private final PaymentBook payments;
  private final StationRegistry stations;
  private final UserDirectory users;
  private final TariffCatalog tariffs;
  private final ConfigStore configs;

  AdminController(
      StubReset reset,
      PaymentBook payments,
      StationRegistry stations,
      UserDirectory users,
      TariffCatalog tariffs,
      ConfigStore configs) {
    this.reset = reset;
    this.payments = payments;
    this.stations = stations;
    this.users = users;
    this.tariffs = tariffs;
    this.configs = configs;
  }

  /**
   * {@code GET /admin/state[?order_id=X]}: see {@link StubState}. With {@code order_id}, holds,
   * ledger and charged_by_order are that order's only ({@code charged_by_order} then always has the
   * order's key, 0 if nothing was charged).
   */
  @GetMapping("/state")
  public StubState state(@RequestParam(name = "order_id", required = false) String orderId) {
    PaymentBook.BookSnapshot book = payments.snapshot(orderId);
    return new StubState(
        stations.summary(), users.snapshot(), book.holds(), book.ledger(), book.chargedByOrder());
  }

  /** {@code POST /admin/reset} → {@code {"status":"reset"}}; see {@link StubReset#resetAll()}. */
  @PostMapping("/reset")
  public Map<String, String> reset() {
    reset.resetAll();
    return Map.of("status", "reset");
  }

  /** {@code PUT /admin/configs} partial JSON, merged; returns the configs after the merge. */
  @PutMapping("/configs")
  public Map<String, Object> configs(@RequestBody Map<String, Object> patch) {
    return configs.merge(patch);
  }

  /** {@code PUT /admin/tariffs/{id}} partial or full tariff; creates it if new; returns it. */
  @PutMapping("/tariffs/{id}")
  public Tariff tariff(@PathVariable String id, @Valid @RequestBody TariffPatch patch) {
    return tariffs.merge(id, patch);
  }

  /**
   * {@code PUT /admin/stations/{id}} {@code {"tariff_id","available_powerbanks","location"}}, each
   * optional; creates the station if new; returns it as {@code GET /station-data} would.
   */
  @PutMapping("/stations/{id}")
  public StationData station(@PathVariable String id, @Valid @RequestBody StationPatch patch) {
    return stations.upsert(id, patch);
  }

  /**
   * {@code PUT /admin/users/{id}} {@code
   * {"balance","trusted","has_subscription","decline_charges","decline_holds"}}, each optional;
   * creates the user if new; returns the user as {@link UserSnapshot}.
   */
  @PutMapping("/users/{id}")
  public UserSnapshot user(@PathVariable String id, @Valid @RequestBody UserPatch patch) {
    return users.update(id, patch);
  }
}
