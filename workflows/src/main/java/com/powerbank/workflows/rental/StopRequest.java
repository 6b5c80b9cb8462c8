package com.powerbank.workflows.rental;

/**
 * Argument of the stop update.
 *
 * @param returnStationId the station the powerbank was returned to (already checked to exist)
 * @param requestedAtMillis when the stop request reached the API, epoch milliseconds: the rental is
 *     billed to this second even if a crash delays the workflow (null: when the workflow handles
 *     the stop)
 */
public record StopRequest(String returnStationId, Long requestedAtMillis) {

  /** A stop billed to the moment the workflow handles it. */
  public StopRequest(String returnStationId) {
    this(returnStationId, null);
  }
}
