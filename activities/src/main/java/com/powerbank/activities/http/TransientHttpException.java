package com.powerbank.activities.http;

/**
 * The external service did not give a final answer: HTTP 5xx, 408 or 429, a refused connection, an
 * I/O error or a timeout. Calling again with the same idempotency key is safe and may succeed, so
 * activities turn this into a retryable failure (SPEC §5: transient failures are retried by the
 * activity's retry policy).
 */
public class TransientHttpException extends RuntimeException {

  /**
   * @param message what failed, e.g. {@code POST /clear-money-for-order answered HTTP 503}
   * @param cause the I/O error, or null for an HTTP status
   */
  public TransientHttpException(String message, Throwable cause) {
    super(message, cause);
  }
}
