package com.powerbank.stubs.stations;

/**
 * One station and its inventory of docked powerbanks. Thread-safe: the inventory changes only under
 * this object's monitor, so two ejects can never take the same last bank.
 */
public final class Station {

  private final String id;
  private String tariffId;
  private Location location;
  private int available;

  Station(String id, String tariffId, Location location, int available) {
    this.id = id;
    this.tariffId = tariffId;
    this.location = location;
    this.available = available;
  }

  /** Station id. */
  public String id() {
    return id;
  }

  /** Takes one bank out if there is one; returns whether it did. */
  synchronized boolean takeOne() {
    if (available == 0) {
      return false;
    }
    available--;
    return true;
  }

  /** Docks one bank. */
  synchronized void addOne() {
    available++;
  }

  /** Applies the non-null parts of an admin change. */
  synchronized void adjust(String tariffId, Location location, Integer available) {
    if (tariffId != null) {
      this.tariffId = tariffId;
    }
    if (location != null) {
      this.location = location;
    }
    if (available != null) {
      this.available = available;
    }
  }

  /** The station as {@code GET /station-data} serves it. */
  public synchronized StationData data() {
    return new StationData(id, tariffId, location, available);
  }
}
