package com.powerbank.workflows.rental;

/**
 * Answer of the start update once the deposit is held and the powerbank ejected (SPEC §4 start).
 *
 * @param startedAtMillis the moment the eject succeeded, epoch milliseconds
 * @param totalAmount always 0 at start, whole currency units
 */
public record StartResult(
    String rentalId,
    String powerbankId,
    RentalStatus status,
    long startedAtMillis,
    long totalAmount) {}
