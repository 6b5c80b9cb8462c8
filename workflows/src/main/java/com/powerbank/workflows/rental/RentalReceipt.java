package com.powerbank.workflows.rental;

/**
 * How a rental ended (SPEC §4 stop). Times are epoch milliseconds; money whole currency units.
 *
 * @param totalAmount the final cost: due at the stop moment, or exactly {@code R_BUYOUT}
 * @param paidAmount what was actually taken (charges, collected debt, capture from the hold)
 * @param currentDebt debt still open after settlement
 * @param durationMinutes whole minutes from start to finish, rounded down
 */
public record RentalReceipt(
    String rentalId,
    RentalStatus status,
    String powerbankId,
    String returnStationId,
    Long startedAtMillis,
    Long finishedAtMillis,
    long totalAmount,
    long paidAmount,
    long currentDebt,
    long durationMinutes,
    String failureCode) {}
