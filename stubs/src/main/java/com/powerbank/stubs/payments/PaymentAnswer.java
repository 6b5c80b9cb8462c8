package com.powerbank.stubs.payments;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of the payment endpoints: {@code {"status":"success"}} (200), plus {@code "released"} or
 * {@code "captured"} (whole currency units) for release and capture; or {@code
 * {"status":"error","message":"Insufficient funds"}} (400).
 *
 * @param status {@code success} or {@code error}
 * @param message why an error happened; absent on success
 * @param released amount returned to the balance by a release
 * @param captured amount taken from the hold by a capture
 * @param refunded amount given back to the balance by a refund
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentAnswer(
    String status, String message, Long released, Long captured, Long refunded) {

  /** {@code {"status":"success"}}. */
  public static final PaymentAnswer SUCCESS = new PaymentAnswer("success", null, null, null, null);

  /** {@code {"status":"error","message":"Insufficient funds"}}. */
  public static final PaymentAnswer INSUFFICIENT_FUNDS =
      new PaymentAnswer("error", "Insufficient funds", null, null, null);

  /** {@code {"status":"error","message":"No hold"}}. */
  public static final PaymentAnswer NO_HOLD =
      new PaymentAnswer("error", "No hold", null, null, null);

  /** {@code {"status":"success","released":amount}}. */
  public static PaymentAnswer released(long amount) {
    return new PaymentAnswer("success", null, amount, null, null);
  }

  /** {@code {"status":"success","captured":amount}}. */
  public static PaymentAnswer captured(long amount) {
    return new PaymentAnswer("success", null, null, amount, null);
  }

  /** {@code {"status":"success","refunded":amount}}. */
  public static PaymentAnswer refunded(long amount) {
    return new PaymentAnswer("success", null, null, null, amount);
  }

  /** Whether this is a success (HTTP 200) rather than an error (HTTP 400). */
  @JsonIgnore
  public boolean ok() {
    return "success".equals(status);
  }
}
