package com.powerbank.workflows.rental;

import com.powerbank.workflows.activities.PaymentKind;

/**
 * A charge whose outcome is unknown: its activity ran out of retries on 5xx or timeouts, so money
 * may or may not have moved. Its amount counts as debt, and collection repeats it with the same
 * idempotency key and amount, so the payments service answers with the first outcome instead of
 * charging twice.
 */
public record PendingCharge(String idempotencyKey, long amount, PaymentKind kind) {}
