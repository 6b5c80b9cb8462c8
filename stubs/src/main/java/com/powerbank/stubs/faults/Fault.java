package com.powerbank.stubs.faults;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fault in force for one endpoint, as {@code GET /admin/faults} lists it: {@code
 * {"endpoint","error_rate","delay_ms","decline","duration_sec","expires_at"}} ({@code duration_sec}
 * and {@code expires_at} are null for a fault without expiry).
 *
 * @param endpoint endpoint name
 * @param errorRate fraction 0..1 of calls answered 503
 * @param delayMs milliseconds each answer is held back after the work is done
 * @param decline whether declines are forced
 * @param durationSec lifetime in seconds, or null
 * @param expiresAt when the fault removes itself (ISO-8601 UTC), or null
 */
public record Fault(
    String endpoint,
    double errorRate,
    long delayMs,
    boolean decline,
    Long durationSec,
    Instant expiresAt) {

  /** Whether the fault is over at {@code now}. */
  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Rolls the dice: whether this call is answered 503. */
  boolean failsThisCall() {
    return errorRate >= 1.0 || ThreadLocalRandom.current().nextDouble() < errorRate;
  }
}
