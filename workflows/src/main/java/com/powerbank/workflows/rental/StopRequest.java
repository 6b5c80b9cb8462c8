package com.powerbank.workflows.rental;

/**
 * Argument of the stop update.
 *
 * @param returnStationId the station the powerbank was returned to (already checked to exist)
 */
public record StopRequest(String returnStationId) {}
