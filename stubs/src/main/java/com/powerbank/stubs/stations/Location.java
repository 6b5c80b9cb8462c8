package com.powerbank.stubs.stations;

/**
 * Where a station stands, in degrees: {@code {"lat":55.7558,"lon":37.6173}}.
 *
 * @param lat latitude, degrees
 * @param lon longitude, degrees
 */
public record Location(double lat, double lon) {

  /** Where every seeded station stands (central Moscow). */
  public static final Location DEFAULT = new Location(55.7558, 37.6173);
}
