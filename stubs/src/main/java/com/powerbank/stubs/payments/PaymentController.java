package com.powerbank.stubs.payments;

import com.powerbank.stubs.faults.FaultRegistry;
import com.powerbank.stubs.web.IdempotentAnswers;
import jakarta.validation.Valid;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payment service: hold and clear (the external contract), release and capture (our
 * extensions). Every call takes an optional {@code Idempotency-Key} header; a repeated key answers
 * the first answer without moving money again. Success is 200, a decline or missing hold 400.
 */
@RestController
public class PaymentController {

  private static final String KEY = "Idempotency-Key";

  private final PaymentBook book;
  private final FaultRegistry faults;
  private final IdempotentAnswers answers;

  PaymentController(PaymentBook book, FaultRegistry faults, IdempotentAnswers answers) {
    this.book = book;
    this.faults = faults;
    this.answers = answers;
  }

  /**
   * {@code POST /hold-money-for-order {"user_id","order_id","amount"}} → 200 {@code
   * {"status":"success"}} or 400 {@code {"status":"error","message":"Insufficient funds"}}.
   */
  @PostMapping("/hold-money-for-order")
  public ResponseEntity<Object> hold(
      @RequestHeader(value = KEY, required = false) String key,
      @Valid @RequestBody PaymentRequest request) {
    String endpoint = "hold-money-for-order";
    return once(endpoint, key, () -> book.hold(request, key, faults.declineForced(endpoint)));
  }

  /**
   * {@code POST /clear-money-for-order {"user_id","order_id","amount"}} → 200 {@code
   * {"status":"success"}} or 400 {@code {"status":"error","message":"Insufficient funds"}}.
   */
  @PostMapping("/clear-money-for-order")
  public ResponseEntity<Object> charge(
      @RequestHeader(value = KEY, required = false) String key,
      @Valid @RequestBody PaymentRequest request) {
    String endpoint = "clear-money-for-order";
    return once(endpoint, key, () -> book.charge(request, key, faults.declineForced(endpoint)));
  }

  /**
   * Extension. {@code POST /capture-held-money-for-order {"user_id","order_id","amount"}} → 200
   * {@code {"status":"success","captured":min(amount, still held)}}, or 400 {@code
   * {"status":"error","message":"No hold"}}.
   */
  @PostMapping("/capture-held-money-for-order")
  public ResponseEntity<Object> capture(
      @RequestHeader(value = KEY, required = false) String key,
      @Valid @RequestBody PaymentRequest request) {
    String endpoint = "capture-held-money-for-order";
    return once(endpoint, key, () -> book.capture(request, key, faults.declineForced(endpoint)));
  }

  /**
   * Extension. {@code POST /release-money-for-order {"user_id","order_id"}} → 200 {@code
   * {"status":"success","released":<what was left of the hold, 0 if nothing>}}.
   */
  @PostMapping("/release-money-for-order")
  public ResponseEntity<Object> release(
      @RequestHeader(value = KEY, required = false) String key,
      @Valid @RequestBody ReleaseRequest request) {
    String endpoint = "release-money-for-order";
    return once(endpoint, key, () -> book.release(request, key, faults.declineForced(endpoint)));
  }

  /**
   * Extension. {@code POST /refund-money-for-order {"user_id","order_id","amount"}} → 200 {@code
   * {"status":"success","refunded":min(amount, what the order was charged)}}.
   */
  @PostMapping("/refund-money-for-order")
  public ResponseEntity<Object> refund(
      @RequestHeader(value = KEY, required = false) String key,
      @Valid @RequestBody PaymentRequest request) {
    String endpoint = "refund-money-for-order";
    return once(endpoint, key, () -> book.refund(request, key, faults.declineForced(endpoint)));
  }

  private ResponseEntity<Object> once(
      String endpoint, String key, Supplier<PaymentAnswer> operation) {
    return answers.once(
        endpoint,
        key,
        () -> {
          PaymentAnswer answer = operation.get();
          HttpStatus status = answer.ok() ? HttpStatus.OK : HttpStatus.BAD_REQUEST;
          return ResponseEntity.status(status).body(answer);
        });
  }
}
