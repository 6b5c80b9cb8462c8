package com.powerbank.stubs.admin;

import static com.powerbank.stubs.StubHttp.json;
import static com.powerbank.stubs.StubHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reset, state and run-time changes of configs, tariffs and stations. */
class AdminTest extends StubTest {

  private static final JsonNode SEEDED_CONFIGS =
      parse(
          """
          {"R_BUYOUT":5000,"BILLING_TICK_SEC":30,"DEBT_CHARGE_STEP":100,"QUOTE_TTL_SEC":60,
           "price_coeff_settings":{"last_banks_increase":1.5}}
          """);

  @Test
  void resetRestoresTheSeededState() {
    String user = unique("u-");
    http.post("/eject-powerbank", json("station_id", "station-1"));
    pay("hold-money-for-order", user, unique("o-"), 500);
    http.put("/admin/configs", json("R_BUYOUT", 100));
    http.put("/admin/tariffs/tariff-1", json("price_per_hour", 999));
    http.put("/admin/tariffs/tariff-new", json("deposit", 1));
    http.put("/admin/stations/station-extra", json("available_powerbanks", 3));
    http.post("/admin/faults", json("endpoint", "configs", "delay_ms", 1));

    StubHttp.Reply reset = http.post("/admin/reset", "");

    assertThat(reset.body()).isEqualTo(parse("{\"status\":\"reset\"}"));
    assertThat(banksAt("station-1")).isEqualTo(10);
    assertThat(http.get("/configs").body()).isEqualTo(SEEDED_CONFIGS);
    assertThat(http.get("/tariff?id=tariff-1").number("price_per_hour")).isEqualTo(60);
    assertThat(http.get("/tariff?id=tariff-new").status()).isEqualTo(404);
    assertThat(http.get("/station-data?id=station-extra").status()).isEqualTo(404);
    assertThat(http.get("/admin/faults").body().path("faults")).isEmpty();
    JsonNode state = http.get("/admin/state").body();
    assertThat(state.path("users")).isEmpty();
    assertThat(state.path("holds")).isEmpty();
    assertThat(state.path("ledger")).isEmpty();
    assertThat(state.path("charged_by_order")).isEmpty();
    assertThat(state.path("stations")).hasSize(13);
  }

  @Test
  void stateShowsStationsAndUsersInTheDocumentedShape() {
    String user = unique("trusted-");
    http.get("/user-profile?id=" + user);

    JsonNode state = http.get("/admin/state").body();

    assertThat(state.path("stations").path("station-fast"))
        .isEqualTo(parse("{\"tariff_id\":\"tariff-fast\",\"available_powerbanks\":1000}"));
    assertThat(state.path("users").path(user))
        .isEqualTo(
            parse(
                """
                {"balance":100000,"trusted":true,"has_subscription":false,
                 "decline_charges":false,"decline_holds":false}
                """));
  }

  @Test
  void configsChangesAreMergedIntoTheSeed() {
    StubHttp.Reply reply = http.put("/admin/configs", json("R_BUYOUT", 100));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("R_BUYOUT").asInt()).isEqualTo(100);
    assertThat(reply.body().path("BILLING_TICK_SEC").asInt()).isEqualTo(30);
    assertThat(http.get("/configs").body()).isEqualTo(reply.body());
  }

  @Test
  void nestedConfigsMergeKeyByKey() {
    http.put("/admin/configs", json("price_coeff_settings", Map.of("night_discount", 0.5)));

    JsonNode coeffs = http.get("/configs").body().path("price_coeff_settings");

    assertThat(coeffs).isEqualTo(parse("{\"last_banks_increase\":1.5,\"night_discount\":0.5}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"R_BUYOUT\":-1}",
        "{\"R_BUYOUT\":\"a lot\"}",
        "{\"R_BUYOUT\":12.5}",
        "{\"BILLING_TICK_SEC\":null}",
        "{\"price_coeff_settings\":2}",
        "{\"price_coeff_settings\":{\"last_banks_increase\":0}}",
        "[1,2]",
        "{"
      })
  void badConfigsAreRejectedAndChangeNothing(String body) {
    StubHttp.Reply reply = http.put("/admin/configs", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/configs").body()).isEqualTo(SEEDED_CONFIGS);
  }

  @Test
  void aPartialTariffChangeKeepsTheOtherFields() {
    StubHttp.Reply reply = http.put("/admin/tariffs/tariff-1", json("price_per_hour", 120));

    JsonNode expected =
        parse("{\"id\":\"tariff-1\",\"price_per_hour\":120,\"free_period_min\":5,\"deposit\":500}");
    assertThat(reply.body()).isEqualTo(expected);
    assertThat(http.get("/tariff?id=tariff-1").body()).isEqualTo(expected);
  }

  @Test
  void aTariffWithNeitherPriceNorDepositIsRefusedAndNothingChanges() {
    String id = unique("tariff-");
    http.put("/admin/tariffs/" + id, json("price_per_hour", 0, "deposit", 10));

    StubHttp.Reply reply = http.put("/admin/tariffs/" + id, json("deposit", 0));
    StubHttp.Reply negative = http.put("/admin/tariffs/" + id, json("price_per_hour", -1));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(negative.status()).isEqualTo(400);
    assertThat(http.get("/tariff?id=" + id).number("deposit")).isEqualTo(10);
  }

  @Test
  void aNewTariffIsCreated() {
    StubHttp.Reply reply =
        http.put(
            "/admin/tariffs/tariff-night",
            json("price_per_hour", 30, "free_period_min", 10, "deposit", 200));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(http.get("/tariff?id=tariff-night").body())
        .isEqualTo(
            parse(
                "{\"id\":\"tariff-night\",\"price_per_hour\":30,\"free_period_min\":10,\"deposit\":200}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"price_per_hour\":-5}",
        "{\"deposit\":1.5}",
        "{\"id\":\"tariff-other\",\"deposit\":1}",
        "nope"
      })
  void badTariffChangesAreRejected(String body) {
    StubHttp.Reply reply = http.put("/admin/tariffs/tariff-1", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/tariff?id=tariff-1").number("deposit")).isEqualTo(500);
  }

  @Test
  void stationsCanBeCreatedAndAdjusted() {
    StubHttp.Reply created =
        http.put(
            "/admin/stations/station-test",
            json("tariff_id", "tariff-fast", "available_powerbanks", 2));
    StubHttp.Reply adjusted =
        http.put("/admin/stations/station-1", json("available_powerbanks", 1));

    assertThat(created.body())
        .isEqualTo(
            parse(
                """
                {"id":"station-test","tariff_id":"tariff-fast",
                 "location":{"lat":55.7558,"lon":37.6173},"available_powerbanks":2}
                """));
    assertThat(http.get("/station-data?id=station-test").body()).isEqualTo(created.body());
    assertThat(adjusted.body().path("available_powerbanks").asInt()).isEqualTo(1);
    assertThat(adjusted.body().path("tariff_id").asText()).isEqualTo("tariff-1");
  }

  @Test
  void negativeInventoryIsRejected() {
    StubHttp.Reply reply = http.put("/admin/stations/station-1", json("available_powerbanks", -1));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(banksAt("station-1")).isEqualTo(10);
  }

  @Test
  void negativeBalanceIsRejected() {
    StubHttp.Reply reply = http.put("/admin/users/" + unique("u-"), json("balance", -1));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.text("code")).isEqualTo("BAD_REQUEST");
  }
}
