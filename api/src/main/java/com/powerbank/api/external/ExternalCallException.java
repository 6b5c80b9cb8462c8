package com.powerbank.api.external;

/**
 * A guarded external call ({@link ExternalCalls}) gave no answer. Each client turns it into its own
 * outcome: 503, the last good value, or the untrusted profile.
 */
public class ExternalCallException extends RuntimeException {

  /** Why there is no answer. */
  public enum Reason {
    /** The circuit breaker is open (or half-open with its trial calls taken): nothing was sent. */
    CIRCUIT_OPEN("circuit breaker open"),
    /** The bulkhead is full: too many calls to the service in flight, nothing was sent. */
    BULKHEAD_FULL("too many calls in flight"),
    /** No answer within the time limiter's timeout. */
    TIMEOUT("timed out"),
    /** An error answer (5xx, a bad body) or an I/O error (connection refused or reset). */
    FAILED("failed");

    private final String text;

    Reason(String text) {
      this.text = text;
    }
  }

  private final String service;
  private final Reason reason;

  public ExternalCallException(String service, Reason reason, Throwable cause) {
    super(service + " service: " + reason.text + (cause != null ? " (" + cause + ")" : ""), cause);
    this.service = service;
    this.reason = reason;
  }

  public String service() {
    return service;
  }

  public Reason reason() {
    return reason;
  }

  /** The short reason for an error message, e.g. {@code "circuit breaker open"}. */
  public String reasonText() {
    return reason.text;
  }
}
