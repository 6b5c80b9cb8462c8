package com.powerbank.stubs.web;

import static com.powerbank.stubs.StubHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input answers 400 JSON {"error","code":"BAD_REQUEST"}, never a 500. */
class BadInputTest extends StubTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/eject-powerbank",
        "/return-powerbank",
        "/hold-money-for-order",
        "/clear-money-for-order",
        "/release-money-for-order",
        "/capture-held-money-for-order",
        "/refund-money-for-order"
      })
  void malformedJsonIs400(String path) {
    StubHttp.Reply reply = http.post(path, "{\"user_id\": ");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(reply.text("error")).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/eject-powerbank",
        "/return-powerbank",
        "/hold-money-for-order",
        "/clear-money-for-order",
        "/release-money-for-order",
        "/capture-held-money-for-order",
        "/refund-money-for-order"
      })
  void emptyObjectIsMissingFields(String path) {
    StubHttp.Reply reply = http.post(path, "{}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(reply.text("error")).contains("_id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"user_id\":\"u\",\"order_id\":\"o\",\"amount\":-1}",
        "{\"user_id\":\"u\",\"order_id\":\"o\",\"amount\":1.5}",
        "{\"user_id\":\"u\",\"order_id\":\"o\",\"amount\":\"ten\"}",
        "{\"user_id\":\"u\",\"order_id\":\"o\"}",
        "{\"user_id\":\"\",\"order_id\":\"o\",\"amount\":1}",
        "{\"user_id\":\"u\",\"order_id\":\"o\",\"amount\":null}",
        "[]",
        ""
      })
  void badPaymentBodiesAre400AndMoveNothing(String body) {
    StubHttp.Reply reply = http.post("/clear-money-for-order", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/admin/state").body().path("ledger")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"user_id\":\"u\",\"order_id\":\"o\",\"amount\":-1}",
        "{\"user_id\":\"u\",\"order_id\":\"o\"}",
        "{\"user_id\":\"u\",\"amount\":1}"
      })
  void badRefundBodiesAre400AndMoveNothing(String body) {
    StubHttp.Reply reply = http.post("/refund-money-for-order", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/admin/state").body().path("ledger")).isEmpty();
  }

  @Test
  void negativeAmountNamesTheField() {
    StubHttp.Reply reply =
        http.post("/hold-money-for-order", json("user_id", "u", "order_id", "o", "amount", -5));

    assertThat(reply.text("error")).contains("amount");
  }

  @Test
  void nonJsonContentTypeIs400() {
    StubHttp.Reply reply = http.postRaw("/eject-powerbank", "station_id=station-1", "text/plain");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(banksAt("station-1")).isEqualTo(10);
  }

  @Test
  void missingQueryParameterIs400() {
    StubHttp.Reply reply = http.get("/station-data");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(reply.text("error")).contains("id");
  }

  @Test
  void paymentForAUserThatCannotExistIs404() {
    StubHttp.Reply reply =
        http.post(
            "/hold-money-for-order", json("user_id", "unknown-x", "order_id", "o", "amount", 1));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("USER_NOT_FOUND");
  }

  @Test
  void unknownPathIsJson404() {
    StubHttp.Reply reply = http.get("/no-such-thing");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("NOT_FOUND");
  }

  @Test
  void wrongMethodIsJson405() {
    StubHttp.Reply reply = http.get("/hold-money-for-order");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.text("code")).isEqualTo("METHOD_NOT_ALLOWED");
  }
}
