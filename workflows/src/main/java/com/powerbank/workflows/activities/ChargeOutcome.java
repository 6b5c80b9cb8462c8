package com.powerbank.workflows.activities;

/**
 * The final answer of the payments service to a charge. Transient failures (5xx, timeouts) are not
 * outcomes: the activity throws and its retry policy retries.
 */
public enum ChargeOutcome {
  /** Money moved. */
  CHARGED,
  /** HTTP 400, e.g. insufficient funds: not retried, the amount becomes debt (SPEC §5). */
  DECLINED
}
