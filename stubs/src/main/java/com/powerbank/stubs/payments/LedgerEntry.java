package com.powerbank.stubs.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One money movement or decline: {@code
 * {"kind","user_id","order_id","amount","idempotency_key","at"}} and, on DECLINE entries only,
 * {@code "declined"} (the kind of call that was declined).
 *
 * @param kind what happened
 * @param userId the user
 * @param orderId the order
 * @param amount whole currency units moved (for a decline: the amount asked for)
 * @param idempotencyKey the call's Idempotency-Key header, or null
 * @param at when (ISO-8601 UTC)
 * @param declined for DECLINE: HOLD, CHARGE, CAPTURE or RELEASE; otherwise absent
 */
public record LedgerEntry(
    LedgerKind kind,
    String userId,
    String orderId,
    long amount,
    String idempotencyKey,
    Instant at,
    @JsonInclude(JsonInclude.Include.NON_NULL) LedgerKind declined) {}
