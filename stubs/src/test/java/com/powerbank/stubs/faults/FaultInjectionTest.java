package com.powerbank.stubs.faults;

import static com.powerbank.stubs.StubHttp.json;
import static com.powerbank.stubs.StubHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults set through /admin/faults change how the endpoints answer, and go away. */
class FaultInjectionTest extends StubTest {

  private StubHttp.Reply fault(Object... fields) {
    return http.post("/admin/faults", json(fields));
  }

  @Test
  void errorRateOneAnswers503BeforeAnyMoneyMoves() {
    String user = unique("u-");
    String order = unique("o-");
    fault("endpoint", "clear-money-for-order", "error_rate", 1.0);

    StubHttp.Reply reply = pay("clear-money-for-order", user, order, 100);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body())
        .isEqualTo(parse("{\"status\":\"error\",\"message\":\"Injected fault\"}"));
    assertThat(stateOf(order).path("ledger")).isEmpty();
    assertThat(http.get("/admin/state").body().path("users").has(user)).isFalse();
  }

  @Test
  void errorRateOnEjectKeepsTheBankDocked() {
    fault("endpoint", "eject-powerbank", "error_rate", 1.0);

    StubHttp.Reply reply = http.post("/eject-powerbank", json("station_id", "station-4"));

    assertThat(reply.status()).isEqualTo(503);
    assertThat(banksAt("station-4")).isEqualTo(10);
  }

  @Test
  void errorRateHalfFailsAboutHalfTheCalls() {
    fault("endpoint", "configs", "error_rate", 0.5);

    long failures =
        IntStream.range(0, 200).filter(i -> http.get("/configs").status() == 503).count();

    assertThat(failures).isBetween(50L, 150L);
  }

  @Test
  void faultsOnOneEndpointLeaveOthersAlone() {
    fault("endpoint", "tariff", "error_rate", 1.0);

    assertThat(http.get("/tariff?id=tariff-1").status()).isEqualTo(503);
    assertThat(http.get("/station-data?id=station-1").status()).isEqualTo(200);
  }

  @Test
  void delayHoldsTheAnswerBackAfterTheWorkIsDone() throws Exception {
    String user = unique("u-");
    String order = unique("o-");
    fault("endpoint", "hold-money-for-order", "delay_ms", 1500);
    String body = json("user_id", user, "order_id", order, "amount", 300);

    assertThatThrownBy(
            () -> http.postWithTimeout("/hold-money-for-order", body, Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
    // The client gave up, yet the hold was made: the stub did the work before waiting.
    assertThat(stateOf(order).path("holds").get(0).path("amount").asLong()).isEqualTo(300);

    long started = System.nanoTime();
    StubHttp.Reply slow = pay("hold-money-for-order", user, unique("o-"), 1);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(slow.status()).isEqualTo(200);
    assertThat(tookMs).isGreaterThanOrEqualTo(1500);
  }

  @Test
  void declineIsForcedOnPayments() {
    String user = unique("u-");
    String order = unique("o-");
    fault("endpoint", "clear-money-for-order", "decline", true);

    StubHttp.Reply reply = pay("clear-money-for-order", user, order, 1);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body())
        .isEqualTo(parse("{\"status\":\"error\",\"message\":\"Insufficient funds\"}"));
    assertThat(stateOf(order).path("ledger").get(0).path("kind").asText()).isEqualTo("DECLINE");
    assertThat(balanceOf(user)).isEqualTo(100_000);
  }

  @Test
  void refundAcceptsAFaultAndAnswers503BeforeAnyMoneyMoves() {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 100);

    StubHttp.Reply set = fault("endpoint", "refund-money-for-order", "error_rate", 1.0);
    StubHttp.Reply failed = pay("refund-money-for-order", user, order, 30, "Idempotency-Key", "r");
    http.delete("/admin/faults");
    StubHttp.Reply retried = pay("refund-money-for-order", user, order, 30, "Idempotency-Key", "r");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.text("endpoint")).isEqualTo("refund-money-for-order");
    assertThat(failed.status()).isEqualTo(503);
    // the injected 503 did nothing and did not use up the key
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.number("refunded")).isEqualTo(30);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 70);
  }

  @Test
  void declineIsForcedOnRefund() {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 100);
    fault("endpoint", "refund-money-for-order", "decline", true);

    StubHttp.Reply reply = pay("refund-money-for-order", user, order, 30);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body())
        .isEqualTo(parse("{\"status\":\"error\",\"message\":\"Insufficient funds\"}"));
    JsonNode entry = stateOf(order).path("ledger").get(1);
    assertThat(entry.path("kind").asText()).isEqualTo("DECLINE");
    assertThat(entry.path("declined").asText()).isEqualTo("REFUND");
    assertThat(balanceOf(user)).isEqualTo(100_000 - 100);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(100);
  }

  @Test
  void delayOnRefundHoldsTheAnswerBack() {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 10);
    fault("endpoint", "refund-money-for-order", "delay_ms", 300);

    long started = System.nanoTime();
    StubHttp.Reply reply = pay("refund-money-for-order", user, order, 10);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(reply.number("refunded")).isEqualTo(10);
    assertThat(tookMs).isGreaterThanOrEqualTo(300);
  }

  @Test
  void declineIsForcedOnEject() {
    fault("endpoint", "eject-powerbank", "decline", true);

    StubHttp.Reply reply = http.post("/eject-powerbank", json("station_id", "station-5"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(parse("{\"success\":false}"));
    assertThat(banksAt("station-5")).isEqualTo(10);
  }

  @Test
  void aFaultWithADurationExpiresByItself() throws Exception {
    StubHttp.Reply set = fault("endpoint", "configs", "error_rate", 1.0, "duration_sec", 1);
    assertThat(http.get("/configs").status()).isEqualTo(503);

    Thread.sleep(1300);

    assertThat(set.body().path("expires_at").asText()).isNotEmpty();
    assertThat(http.get("/configs").status()).isEqualTo(200);
    assertThat(http.get("/admin/faults").body().path("faults")).isEmpty();
  }

  @Test
  void faultsAreListedAndCleared() {
    StubHttp.Reply set =
        fault("endpoint", "hold-money-for-order", "error_rate", 0.25, "delay_ms", 10);
    fault("endpoint", "station-data", "delay_ms", 5);

    StubHttp.Reply listed = http.get("/admin/faults");
    StubHttp.Reply cleared = http.delete("/admin/faults");

    assertThat(set.body())
        .isEqualTo(
            parse(
                """
                {"endpoint":"hold-money-for-order","error_rate":0.25,"delay_ms":10,
                 "decline":false,"duration_sec":null,"expires_at":null}
                """));
    assertThat(listed.body().path("faults")).hasSize(2);
    assertThat(cleared.body()).isEqualTo(parse("{\"cleared\":2}"));
    assertThat(http.get("/admin/faults").body().path("faults")).isEmpty();
  }

  @Test
  void oneEndpointsFaultCanBeCleared() {
    fault("endpoint", "configs", "error_rate", 1.0);

    StubHttp.Reply cleared = http.delete("/admin/faults/configs");

    assertThat(cleared.body()).isEqualTo(parse("{\"cleared\":1}"));
    assertThat(http.get("/configs").status()).isEqualTo(200);
  }

  @Test
  void settingAFaultAgainReplacesIt() {
    fault("endpoint", "configs", "error_rate", 1.0);
    fault("endpoint", "configs", "error_rate", 0.0);

    assertThat(http.get("/configs").status()).isEqualTo(200);
    assertThat(http.get("/admin/faults").body().path("faults")).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"endpoint\":\"no-such-endpoint\",\"error_rate\":1.0}",
        "{\"endpoint\":\"configs\",\"error_rate\":1.5}",
        "{\"endpoint\":\"configs\",\"error_rate\":-0.1}",
        "{\"endpoint\":\"configs\",\"delay_ms\":-1}",
        "{\"endpoint\":\"configs\",\"duration_sec\":0}",
        "{\"endpoint\":\"station-data\",\"decline\":true}",
        "{\"error_rate\":1.0}",
        "{\"endpoint\":\"configs\",\"error_rate\":\"lots\"}",
        "not json"
      })
  void badFaultsAreRejectedWith400(String body) {
    StubHttp.Reply reply = http.post("/admin/faults", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/admin/faults").body().path("faults")).isEmpty();
  }
}
