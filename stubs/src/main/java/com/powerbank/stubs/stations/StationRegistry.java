package com.powerbank.stubs.stations;

import com.powerbank.stubs.web.StubException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * All stations and the powerbanks docked in them.
 *
 * <p>Seeded: {@code station-1}..{@code station-10} (10 banks, {@code tariff-1}), {@code
 * last-bank-station} (1 bank), {@code empty-station-id} (0 banks), {@code station-fast} (1000
 * banks, {@code tariff-fast}). Every eject mints a new id {@code pb-000001}, {@code pb-000002}, ...
 * from a counter that survives {@code /admin/reset}, so ids never repeat within one run. A returned
 * id stays known as docked, which makes a repeated return a no-op.
 */
@Component
public class StationRegistry {

  private final Map<String, Station> stations = new ConcurrentHashMap<>();
  private final Map<String, String> dockedAt = new ConcurrentHashMap<>();
  private final AtomicLong minted = new AtomicLong();

  /** Starts with the seeded stations. */
  public StationRegistry() {
    reset();
  }

  /** Restores the seeded stations and forgets returned banks. */
  public synchronized void reset() {
    stations.clear();
    dockedAt.clear();
    for (int i = 1; i <= 10; i++) {
      seed("station-" + i, "tariff-1", 10);
    }
    seed("last-bank-station", "tariff-1", 1);
    seed("empty-station-id", "tariff-1", 0);
    seed("station-fast", "tariff-fast", 1000);
  }

  private void seed(String id, String tariffId, int banks) {
    stations.put(id, new Station(id, tariffId, Location.DEFAULT, banks));
  }

  /** The station with this id, if any. */
  public Optional<Station> find(String id) {
    return Optional.ofNullable(stations.get(id));
  }

  /**
   * The station with this id.
   *
   * @throws StubException 404 {@code STATION_NOT_FOUND}
   */
  public Station get(String id) {
    return find(id)
        .orElseThrow(() -> StubException.notFound("STATION_NOT_FOUND", "Unknown station: " + id));
  }

  /**
   * Takes one bank out of the station.
   *
   * @return the new bank's id, or empty when the station has none
   * @throws StubException 404 {@code STATION_NOT_FOUND}
   */
  public Optional<String> eject(String stationId) {
    Station station = get(stationId);
    if (!station.takeOne()) {
      return Optional.empty();
    }
    return Optional.of(String.format("pb-%06d", minted.incrementAndGet()));
  }

  /**
   * Docks a bank. Returning a bank that is already docked changes nothing.
   *
   * @return whether the inventory grew
   * @throws StubException 404 {@code STATION_NOT_FOUND}
   */
  public boolean dock(String stationId, String powerbankId) {
    Station station = get(stationId);
    if (dockedAt.putIfAbsent(powerbankId, stationId) != null) {
      return false;
    }
    station.addOne();
    return true;
  }

  /** Creates or adjusts a station (admin). */
  public synchronized StationData upsert(String id, StationPatch patch) {
    Station station =
        stations.computeIfAbsent(id, k -> new Station(k, "tariff-1", Location.DEFAULT, 0));
    station.adjust(patch.tariffId(), patch.location(), patch.availablePowerbanks());
    return station.data();
  }

  /** Every station by id, sorted. */
  public Map<String, StationSummary> summary() {
    Map<String, StationSummary> all = new TreeMap<>();
    stations.forEach(
        (id, s) -> {
          StationData d = s.data();
          all.put(id, new StationSummary(d.tariffId(), d.availablePowerbanks()));
        });
    return all;
  }
}
