package com.powerbank.readmodel;

import com.powerbank.workflows.rental.RentalStatus;
import org.springframework.lang.Nullable;

/**
 * What one {@link RentalReadModelRepository#write} did to the {@code rentals} row.
 *
 * @param written whether the snapshot was newer than the stored row and replaced it
 * @param priorStatus the status stored before (null when there was no row)
 */
public record RentalWrite(boolean written, @Nullable RentalStatus priorStatus) {

  /** True when the write stored {@code status} over a row that had another one (or none). */
  public boolean changedTo(RentalStatus status) {
    return written && priorStatus != status;
  }
}
