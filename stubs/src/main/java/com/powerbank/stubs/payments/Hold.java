package com.powerbank.stubs.payments;

/**
 * Money put aside for one (user, order). Only touched under the {@link PaymentBook} lock. Counters
 * accumulate: {@code amount = held - captured - released} is what is still on hold.
 */
final class Hold {

  private final String userId;
  private final String orderId;
  private long held;
  private long captured;
  private long released;

  Hold(String userId, String orderId) {
    this.userId = userId;
    this.orderId = orderId;
  }

  String orderId() {
    return orderId;
  }

  long remaining() {
    return held - captured - released;
  }

  void add(long amount) {
    held += amount;
  }

  /** Takes up to {@code amount} from the hold; returns what it took. */
  long capture(long amount) {
    long taken = Math.min(amount, remaining());
    captured += taken;
    return taken;
  }

  /** Voids what is left; returns it. */
  long releaseRest() {
    long rest = remaining();
    released += rest;
    return rest;
  }

  HoldView view() {
    return new HoldView(userId, orderId, remaining(), held, captured, released);
  }
}
