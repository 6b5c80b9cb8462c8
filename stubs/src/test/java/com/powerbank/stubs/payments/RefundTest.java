package com.powerbank.stubs.payments;

import static com.powerbank.stubs.StubHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /refund-money-for-order} (our extension): gives back to the balance up to what the
 * order was charged, net of earlier refunds, and shows up in the ledger as REFUND.
 */
class RefundTest extends StubTest {

  private static final String REFUND = "refund-money-for-order";
  private static final String CHARGE = "clear-money-for-order";

  private static List<String> kinds(JsonNode state) {
    List<String> kinds = new ArrayList<>();
    state.path("ledger").forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  private long chargedBy(String order) {
    return stateOf(order).path("charged_by_order").path(order).asLong();
  }

  @Test
  void refundMovesMoneyBackToTheBalance() {
    String user = unique("u-");
    String order = unique("o-");
    pay(CHARGE, user, order, 100);

    StubHttp.Reply reply = pay(REFUND, user, order, 30, "Idempotency-Key", order + ":refund");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(parse("{\"status\":\"success\",\"refunded\":30}"));
    assertThat(balanceOf(user)).isEqualTo(100_000 - 100 + 30);
    assertThat(chargedBy(order)).isEqualTo(70);
  }

  @Test
  void refundAppearsInTheLedgerAsRefund() {
    String user = unique("u-");
    String order = unique("o-");
    pay(CHARGE, user, order, 100);

    pay(REFUND, user, order, 30, "Idempotency-Key", order + ":refund");

    JsonNode state = stateOf(order);
    assertThat(kinds(state)).containsExactly("CHARGE", "REFUND");
    JsonNode entry = state.path("ledger").get(1);
    assertThat(entry.path("user_id").asText()).isEqualTo(user);
    assertThat(entry.path("order_id").asText()).isEqualTo(order);
    assertThat(entry.path("amount").asLong()).isEqualTo(30);
    assertThat(entry.path("idempotency_key").asText()).isEqualTo(order + ":refund");
    assertThat(entry.has("declined")).isFalse();
  }

  @Test
  void refundIsCappedAtWhatTheOrderWasCharged() {
    String user = unique("u-");
    String order = unique("o-");
    pay(CHARGE, user, order, 40);

    StubHttp.Reply reply = pay(REFUND, user, order, 100);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.number("refunded")).isEqualTo(40);
    assertThat(balanceOf(user)).isEqualTo(100_000);
    assertThat(chargedBy(order)).isZero();
    assertThat(stateOf(order).path("ledger").get(1).path("amount").asLong()).isEqualTo(40);
  }

  @Test
  void theCapIsNetOfEarlierRefunds() {
    String user = unique("u-");
    String order = unique("o-");
    pay(CHARGE, user, order, 30);
    pay(CHARGE, user, order, 20);

    StubHttp.Reply first = pay(REFUND, user, order, 30);
    StubHttp.Reply second = pay(REFUND, user, order, 30);
    StubHttp.Reply third = pay(REFUND, user, order, 10);

    assertThat(first.number("refunded")).isEqualTo(30);
    assertThat(second.number("refunded")).isEqualTo(20);
    assertThat(third.status()).isEqualTo(200);
    assertThat(third.number("refunded")).isZero();
    assertThat(balanceOf(user)).isEqualTo(100_000);
    assertThat(chargedBy(order)).isZero();
    // a refund of nothing leaves no entry
    assertThat(kinds(stateOf(order))).containsExactly("CHARGE", "CHARGE", "REFUND", "REFUND");
  }

  @Test
  void capturedMoneyCountsAsChargedAndCanBeRefunded() {
    String user = unique("u-");
    String order = unique("o-");
    pay("hold-money-for-order", user, order, 500);
    pay("capture-held-money-for-order", user, order, 200);

    StubHttp.Reply reply = pay(REFUND, user, order, 50);

    assertThat(reply.number("refunded")).isEqualTo(50);
    // 500 went onto the hold, 200 of it was captured, 50 of that came back
    assertThat(balanceOf(user)).isEqualTo(100_000 - 500 + 50);
    assertThat(chargedBy(order)).isEqualTo(150);
    assertThat(stateOf(order).path("holds").get(0).path("amount").asLong()).isEqualTo(300);
  }

  @Test
  void refundOfAnOrderNeverChargedRefundsNothing() {
    String user = unique("u-");
    String order = unique("o-");

    StubHttp.Reply reply = pay(REFUND, user, order, 50);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(parse("{\"status\":\"success\",\"refunded\":0}"));
    assertThat(balanceOf(user)).isEqualTo(100_000);
    assertThat(stateOf(order).path("ledger")).isEmpty();
    assertThat(chargedBy(order)).isZero();
  }

  @Test
  void anotherOrdersChargesAreNotRefunded() {
    String user = unique("u-");
    String charged = unique("o-");
    String other = unique("o-");
    pay(CHARGE, user, charged, 100);

    StubHttp.Reply reply = pay(REFUND, user, other, 50);

    assertThat(reply.number("refunded")).isZero();
    assertThat(balanceOf(user)).isEqualTo(100_000 - 100);
    assertThat(chargedBy(charged)).isEqualTo(100);
  }

  @Test
  void aUserWhoDeclinesChargesStillGetsTheRefund() {
    String user = unique("poor-");
    String order = unique("o-");
    pay("hold-money-for-order", user, order, 500);
    pay("capture-held-money-for-order", user, order, 120);

    StubHttp.Reply reply = pay(REFUND, user, order, 120);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.number("refunded")).isEqualTo(120);
    assertThat(chargedBy(order)).isZero();
  }

  @Test
  void refundForAUserThatCannotExistIs404() {
    StubHttp.Reply reply = pay(REFUND, "unknown-x", unique("o-"), 1);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("USER_NOT_FOUND");
  }
}
