package com.powerbank.stubs.web;

import static com.powerbank.stubs.StubHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A repeated Idempotency-Key answers the first answer and moves money once. */
class IdempotencyTest extends StubTest {

  private static final String KEY = "Idempotency-Key";

  private List<StubHttp.Reply> concurrently(int callers, Callable<StubHttp.Reply> call)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<StubHttp.Reply>> futures;
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      futures =
          IntStream.range(0, callers)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            return call.call();
                          }))
              .toList();
      start.countDown();
    }
    return futures.stream().map(StubTest::join).toList();
  }

  @Test
  void sameKeyTwiceChargesOnceAndAnswersTheFirstAnswer() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply first = pay("clear-money-for-order", user, order, 40, KEY, order + ":1");
    StubHttp.Reply again = pay("clear-money-for-order", user, order, 40, KEY, order + ":1");

    assertThat(again.status()).isEqualTo(first.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(balanceOf(user)).isEqualTo(100_000 - 40);
    assertThat(stateOf(order).path("ledger")).hasSize(1);
  }

  @Test
  void aRepeatedKeyReplaysTheFirstDeclineEvenAfterTheUserRecovers() {
    String user = unique("poor-");
    String order = unique("o-");
    StubHttp.Reply first = pay("clear-money-for-order", user, order, 40, KEY, order + ":1");
    http.put("/admin/users/" + user, json("decline_charges", false));

    StubHttp.Reply again = pay("clear-money-for-order", user, order, 40, KEY, order + ":1");
    StubHttp.Reply freshKey = pay("clear-money-for-order", user, order, 40, KEY, order + ":2");

    assertThat(first.status()).isEqualTo(400);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(freshKey.status()).isEqualTo(200);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(40);
  }

  @Test
  void differentKeysAndNoKeyEachMoveMoney() {
    String user = unique("u-");
    String order = unique("o-");

    pay("clear-money-for-order", user, order, 10, KEY, "a-" + order);
    pay("clear-money-for-order", user, order, 10, KEY, "b-" + order);
    pay("clear-money-for-order", user, order, 10);
    pay("clear-money-for-order", user, order, 10);

    assertThat(balanceOf(user)).isEqualTo(100_000 - 40);
  }

  @Test
  void keysAreScopedPerEndpoint() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply hold = pay("hold-money-for-order", user, order, 100, KEY, "same");
    StubHttp.Reply charge = pay("clear-money-for-order", user, order, 10, KEY, "same");

    assertThat(hold.status()).isEqualTo(200);
    assertThat(charge.status()).isEqualTo(200);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 110);
  }

  @Test
  void fiftyConcurrentHoldsWithOneKeyHoldOnce() throws Exception {
    String user = unique("u-");
    String order = unique("o-");

    List<StubHttp.Reply> replies =
        concurrently(50, () -> pay("hold-money-for-order", user, order, 500, KEY, order));

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(replies).extracting(StubHttp.Reply::body).containsOnly(replies.get(0).body());
    assertThat(balanceOf(user)).isEqualTo(99_500);
    JsonNode state = stateOf(order);
    assertThat(state.path("holds").get(0).path("held").asLong()).isEqualTo(500);
    assertThat(state.path("ledger")).hasSize(1);
  }

  @Test
  void fiftyConcurrentChargesWithOneKeyChargeOnce() throws Exception {
    String user = unique("u-");
    String order = unique("o-");

    List<StubHttp.Reply> replies =
        concurrently(50, () -> pay("clear-money-for-order", user, order, 30, KEY, order + ":7"));

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(balanceOf(user)).isEqualTo(100_000 - 30);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(30);
  }

  @Test
  void repeatedCaptureAndReleaseAnswerTheFirstAnswer() {
    String user = unique("u-");
    String order = unique("o-");
    pay("hold-money-for-order", user, order, 500);

    StubHttp.Reply capture = pay("capture-held-money-for-order", user, order, 100, KEY, "cap");
    StubHttp.Reply captureAgain = pay("capture-held-money-for-order", user, order, 100, KEY, "cap");
    StubHttp.Reply release = release(user, order, KEY, "rel");
    StubHttp.Reply releaseAgain = release(user, order, KEY, "rel");

    assertThat(captureAgain.body()).isEqualTo(capture.body());
    assertThat(capture.number("captured")).isEqualTo(100);
    assertThat(release.number("released")).isEqualTo(400);
    assertThat(releaseAgain.body()).isEqualTo(release.body());
    assertThat(balanceOf(user)).isEqualTo(99_900);
  }

  @Test
  void repeatedRefundAnswersTheFirstAnswerAndRefundsOnce() {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 100);

    StubHttp.Reply first = pay("refund-money-for-order", user, order, 30, KEY, order + ":refund");
    StubHttp.Reply again = pay("refund-money-for-order", user, order, 30, KEY, order + ":refund");

    assertThat(again.status()).isEqualTo(first.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(first.number("refunded")).isEqualTo(30);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 70);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(70);
    assertThat(stateOf(order).path("ledger")).hasSize(2);
  }

  @Test
  void aRepeatedRefundKeyAnswersTheFirstAmountEvenAfterMoreCharges() {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 20);
    StubHttp.Reply first = pay("refund-money-for-order", user, order, 50, KEY, order + ":refund");
    pay("clear-money-for-order", user, order, 100);

    StubHttp.Reply again = pay("refund-money-for-order", user, order, 50, KEY, order + ":refund");

    assertThat(first.number("refunded")).isEqualTo(20);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(balanceOf(user)).isEqualTo(100_000 - 100);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(100);
  }

  @Test
  void fiftyConcurrentRefundsWithOneKeyRefundOnce() throws Exception {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 300);

    List<StubHttp.Reply> replies =
        concurrently(
            50, () -> pay("refund-money-for-order", user, order, 40, KEY, order + ":refund"));

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(replies).extracting(r -> r.number("refunded")).containsOnly(40L);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 300 + 40);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(260);
  }

  @Test
  void refundAndChargeKeysAreScopedPerEndpoint() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply charge = pay("clear-money-for-order", user, order, 60, KEY, "same");
    StubHttp.Reply refund = pay("refund-money-for-order", user, order, 10, KEY, "same");

    assertThat(charge.status()).isEqualTo(200);
    assertThat(refund.number("refunded")).isEqualTo(10);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 50);
  }

  @Test
  void anInjectedFailureDoesNotUseUpTheKey() {
    String user = unique("u-");
    String order = unique("o-");
    http.post("/admin/faults", json("endpoint", "clear-money-for-order", "error_rate", 1.0));

    StubHttp.Reply failed = pay("clear-money-for-order", user, order, 25, KEY, order);
    http.delete("/admin/faults");
    StubHttp.Reply retried = pay("clear-money-for-order", user, order, 25, KEY, order);

    assertThat(failed.status()).isEqualTo(503);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 25);
  }

  @Test
  void anOverlongKeyIsBadInput() {
    StubHttp.Reply reply =
        pay("clear-money-for-order", unique("u-"), unique("o-"), 1, KEY, "k".repeat(300));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
  }
}
