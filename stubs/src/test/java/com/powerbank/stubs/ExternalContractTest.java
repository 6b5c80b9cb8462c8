package com.powerbank.stubs;

import static com.powerbank.stubs.StubHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seven calls of the external contract answer exactly the documented shapes and seed. */
class ExternalContractTest extends StubTest {

  @Test
  void stationDataHasTheContractShape() {
    StubHttp.Reply reply = http.get("/station-data?id=station-1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .isEqualTo(
            parse(
                """
                {"id":"station-1","tariff_id":"tariff-1",
                 "location":{"lat":55.7558,"lon":37.6173},"available_powerbanks":10}
                """));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void seededNumberedStationsHaveTenBanksOnTariffOne(int n) {
    StubHttp.Reply reply = http.get("/station-data?id=station-" + n);

    assertThat(reply.text("tariff_id")).isEqualTo("tariff-1");
    assertThat(reply.number("available_powerbanks")).isEqualTo(10);
  }

  @Test
  void specialStationsAreSeeded() {
    assertThat(http.get("/station-data?id=last-bank-station").number("available_powerbanks"))
        .isEqualTo(1);
    assertThat(http.get("/station-data?id=empty-station-id").number("available_powerbanks"))
        .isZero();
    StubHttp.Reply fast = http.get("/station-data?id=station-fast");
    assertThat(fast.number("available_powerbanks")).isEqualTo(1000);
    assertThat(fast.text("tariff_id")).isEqualTo("tariff-fast");
  }

  @Test
  void unknownStationIs404WithCode() {
    StubHttp.Reply reply = http.get("/station-data?id=no-such-station");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("STATION_NOT_FOUND");
    assertThat(reply.text("error")).contains("no-such-station");
  }

  @Test
  void tariffsHaveTheContractShape() {
    assertThat(http.get("/tariff?id=tariff-1").body())
        .isEqualTo(
            parse(
                "{\"id\":\"tariff-1\",\"price_per_hour\":60,\"free_period_min\":5,\"deposit\":500}"));
    assertThat(http.get("/tariff?id=tariff-fast").body())
        .isEqualTo(
            parse(
                "{\"id\":\"tariff-fast\",\"price_per_hour\":3600,\"free_period_min\":0,\"deposit\":100}"));
  }

  @Test
  void unknownTariffIs404() {
    StubHttp.Reply reply = http.get("/tariff?id=tariff-none");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("TARIFF_NOT_FOUND");
  }

  @Test
  void anyUserIsCreatedOnFirstSightUntrusted() {
    String user = unique("user-");

    StubHttp.Reply reply = http.get("/user-profile?id=" + user);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .isEqualTo(parse("{\"id\":\"" + user + "\",\"trusted\":false,\"has_subscription\":false}"));
    assertThat(balanceOf(user)).isEqualTo(100_000);
  }

  @Test
  void trustedPrefixMakesATrustedUser() {
    StubHttp.Reply reply = http.get("/user-profile?id=trusted-anna");

    assertThat(reply.body().path("trusted").asBoolean()).isTrue();
    assertThat(reply.body().path("has_subscription").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown-bob", "bad%20id", "%2Fslash", "-leading-dash"})
  void usersThatCannotExistAre404(String id) {
    StubHttp.Reply reply = http.get("/user-profile?id=" + id);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("USER_NOT_FOUND");
  }

  @Test
  void configsHaveTheContractShape() {
    assertThat(http.get("/configs").body())
        .isEqualTo(
            parse(
                """
                {"R_BUYOUT":5000,"BILLING_TICK_SEC":30,"DEBT_CHARGE_STEP":100,"QUOTE_TTL_SEC":60,
                 "price_coeff_settings":{"last_banks_increase":1.5}}
                """));
  }
}
