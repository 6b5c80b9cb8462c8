package com.powerbank.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the black-box tests: the real app on a random port, reset to its seed before each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class StubTest {

  @LocalServerPort protected int port;

  protected StubHttp http;

  @BeforeEach
  void resetStubs() {
    http = new StubHttp(port);
    assertThat(http.post("/admin/reset", "{}").status()).isEqualTo(200);
  }

  /** A fresh id with a readable prefix, so tests never share users or orders. */
  protected static String unique(String prefix) {
    return prefix + UUID.randomUUID();
  }

  /** A user's balance as {@code GET /admin/state} shows it. */
  protected long balanceOf(String userId) {
    JsonNode user = http.get("/admin/state").body().path("users").path(userId);
    assertThat(user.isMissingNode()).as("user %s is known", userId).isFalse();
    return user.path("balance").asLong();
  }

  /** The stubs' state filtered to one order. */
  protected JsonNode stateOf(String orderId) {
    return http.get("/admin/state?order_id=" + orderId).body();
  }

  /** A station's inventory as {@code GET /station-data} shows it. */
  protected int banksAt(String stationId) {
    return http.get("/station-data?id=" + stationId).body().path("available_powerbanks").asInt();
  }

  protected StubHttp.Reply pay(
      String endpoint, String userId, String orderId, long amount, String... headers) {
    return http.post(
        "/" + endpoint,
        StubHttp.json("user_id", userId, "order_id", orderId, "amount", amount),
        headers);
  }

  protected StubHttp.Reply release(String userId, String orderId, String... headers) {
    return http.post(
        "/release-money-for-order", StubHttp.json("user_id", userId, "order_id", orderId), headers);
  }

  /** The value of a finished future; any failure as an unchecked exception. */
  protected static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
