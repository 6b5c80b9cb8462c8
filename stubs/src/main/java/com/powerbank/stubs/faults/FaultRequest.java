package com.powerbank.stubs.faults;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Body of {@code POST /admin/faults}: {@code
 * {"endpoint":"clear-money-for-order","error_rate":1.0,"delay_ms":2000,"decline":true,"duration_sec":60}}.
 *
 * @param endpoint endpoint name, the path without its slash (see {@link Endpoints#ALL})
 * @param errorRate fraction 0..1 of calls answered 503 before any work; default 0
 * @param delayMs milliseconds to hold back each answer after the work is done; default 0, at most
 *     300000
 * @param decline force declines (payments: 400 Insufficient funds; eject: success false); default
 *     false
 * @param durationSec seconds until the fault removes itself; absent means until cleared
 */
public record FaultRequest(
    @NotBlank String endpoint,
    @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
    @PositiveOrZero @Max(300_000) Long delayMs,
    Boolean decline,
    @Positive Long durationSec) {}
