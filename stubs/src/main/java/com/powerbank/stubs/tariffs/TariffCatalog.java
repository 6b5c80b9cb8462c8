package com.powerbank.stubs.tariffs;

import com.powerbank.stubs.web.StubException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** All tariffs, seeded with {@code tariff-1} and {@code tariff-fast}; changeable at run time. */
@Component
public class TariffCatalog {

  /** The default tariff: 60 per hour, 5 free minutes, deposit 500. */
  public static final Tariff TARIFF_1 = new Tariff("tariff-1", 60, 5, 500);

  /** One unit a second, no free period, deposit 100: for quick billing checks. */
  public static final Tariff TARIFF_FAST = new Tariff("tariff-fast", 3600, 0, 100);

  private final Map<String, Tariff> tariffs = new ConcurrentHashMap<>();

  /** Starts with the seeded tariffs. */
  public TariffCatalog() {
    reset();
  }

  /** Restores exactly the seeded tariffs. */
  public synchronized void reset() {
    tariffs.clear();
    tariffs.put(TARIFF_1.id(), TARIFF_1);
    tariffs.put(TARIFF_FAST.id(), TARIFF_FAST);
  }

  /** The tariff with this id, if any. */
  public Optional<Tariff> find(String id) {
    return Optional.ofNullable(tariffs.get(id));
  }

  /**
   * The tariff with this id.
   *
   * @throws StubException 404 {@code TARIFF_NOT_FOUND}
   */
  public Tariff get(String id) {
    return find(id)
        .orElseThrow(() -> StubException.notFound("TARIFF_NOT_FOUND", "Unknown tariff: " + id));
  }

  /**
   * Merges {@code patch} into the tariff {@code id}, creating it from {@code tariff-1}'s values if
   * it is new.
   *
   * @return the tariff as it is now
   */
  public synchronized Tariff merge(String id, TariffPatch patch) {
    if (patch.id() != null && !patch.id().equals(id)) {
      throw StubException.badRequest(
          "Body id '" + patch.id() + "' differs from path id '" + id + "'");
    }
    Tariff base = tariffs.getOrDefault(id, TARIFF_1);
    Tariff merged =
        new Tariff(
            id,
            patch.pricePerHour() != null ? patch.pricePerHour() : base.pricePerHour(),
            patch.freePeriodMin() != null ? patch.freePeriodMin() : base.freePeriodMin(),
            patch.deposit() != null ? patch.deposit() : base.deposit());
    if (merged.pricePerHour() == 0 && merged.deposit() == 0) {
      // a bank handed out for nothing, with nothing held, could never be bought out (issue 6)
      throw StubException.badRequest("A tariff needs a price_per_hour or a deposit above 0");
    }
    tariffs.put(id, merged);
    return merged;
  }
}
