package com.powerbank.workflows.rental;

/**
 * Live state returned by the {@link RentalWorkflow#state()} query. Times are epoch milliseconds
 * (null when not reached); money whole currency units.
 *
 * @param totalAmount due at the last billing tick, or the final cost once ended
 * @param unresolvedAmount part of the debt whose charge outcome is still unknown
 */
public record RentalView(
    String rentalId,
    String userId,
    String stationId,
    RentalStatus status,
    String failureCode,
    String powerbankId,
    Long startedAtMillis,
    Long finishedAtMillis,
    long lastTick,
    long paidAmount,
    long debtAmount,
    long unresolvedAmount,
    long totalAmount,
    Long nextDebtAttemptAtMillis) {}
