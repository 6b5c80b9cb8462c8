package com.powerbank.readmodel;

import com.powerbank.workflows.rental.RentalStatus;
import java.time.Instant;
import org.springframework.lang.Nullable;

/**
 * A row of the {@code rentals} read model (SPEC §7), as last written from the rental workflow's
 * snapshot. Money in whole currency units; times are null until reached.
 *
 * @param rentalId the rental and workflow id (a UUID string)
 * @param quoteId the quote the rental started from
 * @param userId the renter
 * @param stationId where the powerbank was taken
 * @param returnStationId where it was returned; null until stopped
 * @param powerbankId the ejected bank; null until the eject succeeded
 * @param status the lifecycle status
 * @param failureCode why the rental {@code FAILED} (e.g. {@code EJECT_FAILED}); null otherwise
 * @param pricePerHour frozen price per hour
 * @param freePeriodMin frozen free minutes
 * @param deposit frozen deposit
 * @param buyoutPrice frozen {@code R_BUYOUT}
 * @param startedAt when the eject succeeded
 * @param finishedAt when the rental ended (stop, buyout or failure)
 * @param paidAmount money collected so far
 * @param debtAmount money owed now
 * @param totalAmount cost accrued at the last snapshot (final cost once ended)
 * @param version the snapshot version stored; only a larger one replaces the row
 * @param createdAt first write of the row
 * @param updatedAt last write of the row
 */
public record RentalRow(
    String rentalId,
    String quoteId,
    String userId,
    String stationId,
    @Nullable String returnStationId,
    @Nullable String powerbankId,
    RentalStatus status,
    @Nullable String failureCode,
    long pricePerHour,
    long freePeriodMin,
    long deposit,
    long buyoutPrice,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    long paidAmount,
    long debtAmount,
    long totalAmount,
    long version,
    Instant createdAt,
    Instant updatedAt) {}
