package com.powerbank.readmodel;

import org.springframework.lang.Nullable;

/**
 * What one {@link PaymentLedgerRepository#write} changed in {@code payment_attempts}.
 *
 * @param written whether the row was inserted or updated (false: it already held a success)
 * @param inserted whether this write created the row (the first outcome of its key)
 * @param priorError the error the updated row held before (an earlier failed attempt); null when
 *     inserted or not written
 */
public record LedgerChange(boolean written, boolean inserted, @Nullable String priorError) {

  /** Nothing written: the key already held a success. */
  public static final LedgerChange NONE = new LedgerChange(false, false, null);
}
