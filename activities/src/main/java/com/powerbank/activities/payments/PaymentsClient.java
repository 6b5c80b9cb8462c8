package com.powerbank.activities.payments;

import com.powerbank.activities.http.HttpNotFoundException;
import com.powerbank.activities.http.JsonPost;
import com.powerbank.activities.http.JsonReply;
import com.powerbank.activities.http.TransientHttpException;
import com.powerbank.activities.http.UnexpectedHttpReplyException;
import com.powerbank.workflows.activities.PaymentRequest;
import java.util.function.Function;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * HTTP client of the payments service (SPEC §3). Every call sends {@code order_id =
 * request.rentalId()} and {@code Idempotency-Key: request.idempotencyKey()}, so a repeated call
 * never moves money twice.
 *
 * <p>Every method maps the answer the same way: 2xx is an approval, 400 a decline carrying the
 * service's message, and otherwise it throws:
 *
 * <ul>
 *   <li>{@link TransientHttpException} on 5xx, 408, 429, I/O error or timeout (retry is safe)
 *   <li>{@link HttpNotFoundException} on 404
 *   <li>{@link UnexpectedHttpReplyException} on any other status, or a 2xx capture, release or
 *       refund reply without its amount
 * </ul>
 */
@Component
public class PaymentsClient {

  static final String HOLD_PATH = "/hold-money-for-order";
  static final String CHARGE_PATH = "/clear-money-for-order";
  static final String CAPTURE_PATH = "/capture-held-money-for-order";
  static final String RELEASE_PATH = "/release-money-for-order";
  static final String REFUND_PATH = "/refund-money-for-order";

  private final JsonPost http;

  public PaymentsClient(JsonPost http) {
    this.http = http;
  }

  /**
   * Holds {@code request.amount()} on the user's card ({@code POST /hold-money-for-order}).
   *
   * @return approved with the held amount, or declined
   */
  public PaymentReply hold(PaymentRequest request) {
    return send(HOLD_PATH, request, request.amount(), answer -> request.amount());
  }

  /**
   * Charges {@code request.amount()} ({@code POST /clear-money-for-order}).
   *
   * @return approved with the charged amount, or declined
   */
  public PaymentReply charge(PaymentRequest request) {
    return send(CHARGE_PATH, request, request.amount(), answer -> request.amount());
  }

  /**
   * Takes up to {@code request.amount()} from the rental's hold ({@code POST
   * /capture-held-money-for-order}).
   *
   * @return approved with {@code captured} (at most the requested amount), or declined (e.g. {@code
   *     No hold})
   */
  public PaymentReply capture(PaymentRequest request) {
    return send(
        CAPTURE_PATH,
        request,
        request.amount(),
        answer -> answer == null ? null : answer.captured());
  }

  /**
   * Voids what is left of the rental's hold ({@code POST /release-money-for-order}); {@code
   * request.amount()} is not sent.
   *
   * @return approved with {@code released} (0 when nothing was left), or declined
   */
  public PaymentReply release(PaymentRequest request) {
    return send(RELEASE_PATH, request, null, answer -> answer == null ? null : answer.released());
  }

  /**
   * Gives back up to {@code request.amount()} of what the rental was charged ({@code POST
   * /refund-money-for-order}, our extension).
   *
   * @return approved with {@code refunded} (at most the requested amount), or declined
   */
  public PaymentReply refund(PaymentRequest request) {
    return send(
        REFUND_PATH,
        request,
        request.amount(),
        answer -> answer == null ? null : answer.refunded());
  }

  /**
   * @param amount sent as {@code amount}, or left out when null
   * @param moved reads the amount moved from the reply body (which may be null)
   */
  private PaymentReply send(
      String path,
      PaymentRequest request,
      @Nullable Long amount,
      Function<PaymentAnswer, Long> moved) {
    MoneyOrder order = new MoneyOrder(request.userId(), request.rentalId(), amount);
    JsonReply<PaymentAnswer> reply =
        http.post(path, order, request.idempotencyKey(), PaymentAnswer.class);
    if (reply.isSuccess()) {
      Long movedAmount = moved.apply(reply.body());
      if (movedAmount == null) {
        throw new UnexpectedHttpReplyException(
            "POST " + path + " answered HTTP " + reply.status() + " without the amount moved");
      }
      return PaymentReply.approved(movedAmount);
    }
    if (reply.status() == 400) {
      String message = reply.body() == null ? null : reply.body().message();
      return PaymentReply.declined(message == null ? "Declined (HTTP 400)" : message);
    }
    throw new UnexpectedHttpReplyException("POST " + path + " answered HTTP " + reply.status());
  }
}
