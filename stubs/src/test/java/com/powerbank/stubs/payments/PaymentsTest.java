package com.powerbank.stubs.payments;

import static com.powerbank.stubs.StubHttp.json;
import static com.powerbank.stubs.StubHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holds, charges, captures and releases move money as a payment system would. */
class PaymentsTest extends StubTest {

  private static final JsonNode SUCCESS = parse("{\"status\":\"success\"}");
  private static final JsonNode INSUFFICIENT =
      parse("{\"status\":\"error\",\"message\":\"Insufficient funds\"}");

  private static List<String> kinds(JsonNode state) {
    List<String> kinds = new ArrayList<>();
    state.path("ledger").forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  @Test
  void holdMovesMoneyFromBalanceOntoTheHold() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply reply = pay("hold-money-for-order", user, order, 500);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(SUCCESS);
    assertThat(balanceOf(user)).isEqualTo(99_500);
    JsonNode hold = stateOf(order).path("holds").get(0);
    assertThat(hold.path("user_id").asText()).isEqualTo(user);
    assertThat(hold.path("amount").asLong()).isEqualTo(500);
    assertThat(hold.path("held").asLong()).isEqualTo(500);
    assertThat(kinds(stateOf(order))).containsExactly("HOLD");
  }

  @Test
  void holdAboveTheBalanceIsDeclined() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply reply = pay("hold-money-for-order", user, order, 100_001);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo(INSUFFICIENT);
    assertThat(balanceOf(user)).isEqualTo(100_000);
    JsonNode entry = stateOf(order).path("ledger").get(0);
    assertThat(entry.path("kind").asText()).isEqualTo("DECLINE");
    assertThat(entry.path("declined").asText()).isEqualTo("HOLD");
    assertThat(stateOf(order).path("holds")).isEmpty();
  }

  @Test
  void chargeTakesFromTheBalanceAndCountsForTheOrder() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply first = pay("clear-money-for-order", user, order, 30);
    StubHttp.Reply second = pay("clear-money-for-order", user, order, 45);

    assertThat(first.body()).isEqualTo(SUCCESS);
    assertThat(second.status()).isEqualTo(200);
    assertThat(balanceOf(user)).isEqualTo(100_000 - 75);
    JsonNode state = stateOf(order);
    assertThat(state.path("charged_by_order").path(order).asLong()).isEqualTo(75);
    assertThat(kinds(state)).containsExactly("CHARGE", "CHARGE");
    assertThat(state.path("ledger").get(0).has("declined")).isFalse();
  }

  @Test
  void chargeAboveTheBalanceIsDeclined() {
    String user = unique("u-");
    String order = unique("o-");
    http.put("/admin/users/" + user, json("balance", 50));

    StubHttp.Reply reply = pay("clear-money-for-order", user, order, 51);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo(INSUFFICIENT);
    assertThat(balanceOf(user)).isEqualTo(50);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isZero();
  }

  @Test
  void poorUserHoldsButEveryChargeIsDeclinedWhileCaptureWorks() {
    String user = unique("poor-");
    String order = unique("o-");

    assertThat(pay("hold-money-for-order", user, order, 500).status()).isEqualTo(200);
    StubHttp.Reply charge = pay("clear-money-for-order", user, order, 1);
    StubHttp.Reply capture = pay("capture-held-money-for-order", user, order, 120);

    assertThat(charge.status()).isEqualTo(400);
    assertThat(charge.body()).isEqualTo(INSUFFICIENT);
    assertThat(capture.status()).isEqualTo(200);
    assertThat(capture.body()).isEqualTo(parse("{\"status\":\"success\",\"captured\":120}"));
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(120);
  }

  @Test
  void brokeUserHoldIsDeclined() {
    String user = unique("broke-");
    String order = unique("o-");

    StubHttp.Reply hold = pay("hold-money-for-order", user, order, 1);
    StubHttp.Reply charge = pay("clear-money-for-order", user, order, 1);

    assertThat(hold.status()).isEqualTo(400);
    assertThat(hold.body()).isEqualTo(INSUFFICIENT);
    assertThat(charge.status()).isEqualTo(400);
    assertThat(balanceOf(user)).isEqualTo(100_000);
  }

  @Test
  void captureTakesUpToWhatIsHeld() {
    String user = unique("u-");
    String order = unique("o-");
    pay("hold-money-for-order", user, order, 500);

    StubHttp.Reply first = pay("capture-held-money-for-order", user, order, 200);
    StubHttp.Reply second = pay("capture-held-money-for-order", user, order, 400);
    StubHttp.Reply third = pay("capture-held-money-for-order", user, order, 10);

    assertThat(first.number("captured")).isEqualTo(200);
    assertThat(second.number("captured")).isEqualTo(300);
    assertThat(third.status()).isEqualTo(200);
    assertThat(third.number("captured")).isZero();
    assertThat(balanceOf(user)).isEqualTo(99_500);
    JsonNode hold = stateOf(order).path("holds").get(0);
    assertThat(hold.path("amount").asLong()).isZero();
    assertThat(hold.path("captured").asLong()).isEqualTo(500);
    assertThat(stateOf(order).path("charged_by_order").path(order).asLong()).isEqualTo(500);
  }

  @Test
  void captureWithoutAHoldIs400NoHold() {
    StubHttp.Reply reply = pay("capture-held-money-for-order", unique("u-"), unique("o-"), 100);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo(parse("{\"status\":\"error\",\"message\":\"No hold\"}"));
  }

  @Test
  void releaseReturnsWhatIsLeftOfTheHoldOnce() {
    String user = unique("u-");
    String order = unique("o-");
    pay("hold-money-for-order", user, order, 500);
    pay("capture-held-money-for-order", user, order, 100);

    StubHttp.Reply first = release(user, order);
    StubHttp.Reply again = release(user, order);

    assertThat(first.body()).isEqualTo(parse("{\"status\":\"success\",\"released\":400}"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.number("released")).isZero();
    assertThat(balanceOf(user)).isEqualTo(99_900);
    JsonNode hold = stateOf(order).path("holds").get(0);
    assertThat(hold.path("released").asLong()).isEqualTo(400);
    assertThat(kinds(stateOf(order))).containsExactly("HOLD", "CAPTURE", "RELEASE");
  }

  @Test
  void releasingAHoldThatNeverExistedReleasesNothing() {
    StubHttp.Reply reply = release(unique("u-"), unique("o-"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(parse("{\"status\":\"success\",\"released\":0}"));
  }

  @Test
  void aPoorPayerRecoversWhenAdminLiftsTheDeclines() {
    String user = unique("poor-");
    String order = unique("o-");
    assertThat(pay("clear-money-for-order", user, order, 10).status()).isEqualTo(400);

    StubHttp.Reply update = http.put("/admin/users/" + user, json("decline_charges", false));
    StubHttp.Reply retry = pay("clear-money-for-order", user, order, 10);

    assertThat(update.body().path("decline_charges").asBoolean()).isFalse();
    assertThat(retry.status()).isEqualTo(200);
    assertThat(kinds(stateOf(order))).containsExactly("DECLINE", "CHARGE");
  }

  @Test
  void adminCanMakeAUserTrustedOrDeclining() {
    String user = unique("u-");

    StubHttp.Reply update =
        http.put("/admin/users/" + user, json("trusted", true, "decline_holds", true));

    assertThat(update.status()).isEqualTo(200);
    assertThat(http.get("/user-profile?id=" + user).body().path("trusted").asBoolean()).isTrue();
    assertThat(pay("hold-money-for-order", user, unique("o-"), 1).status()).isEqualTo(400);
  }

  @Test
  void stateFilteredByOrderShowsOnlyThatOrder() {
    String user = unique("u-");
    String mine = unique("o-");
    String other = unique("o-");
    pay("hold-money-for-order", user, mine, 100);
    pay("hold-money-for-order", user, other, 200);
    pay("clear-money-for-order", user, other, 7);

    JsonNode state = stateOf(mine);

    assertThat(state.path("holds")).hasSize(1);
    assertThat(state.path("ledger")).hasSize(1);
    assertThat(state.path("ledger").get(0).path("order_id").asText()).isEqualTo(mine);
    assertThat(state.path("charged_by_order").size()).isEqualTo(1);
    assertThat(state.path("charged_by_order").path(mine).asLong()).isZero();
    assertThat(http.get("/admin/state").body().path("ledger")).hasSize(3);
  }

  @Test
  void ledgerEntriesCarryTheDocumentedFields() {
    String user = unique("u-");
    String order = unique("o-");
    pay("clear-money-for-order", user, order, 5, "Idempotency-Key", "k-" + order);

    JsonNode entry = stateOf(order).path("ledger").get(0);

    assertThat(entry.path("kind").asText()).isEqualTo("CHARGE");
    assertThat(entry.path("user_id").asText()).isEqualTo(user);
    assertThat(entry.path("order_id").asText()).isEqualTo(order);
    assertThat(entry.path("amount").asLong()).isEqualTo(5);
    assertThat(entry.path("idempotency_key").asText()).isEqualTo("k-" + order);
    assertThat(entry.path("at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }
}
