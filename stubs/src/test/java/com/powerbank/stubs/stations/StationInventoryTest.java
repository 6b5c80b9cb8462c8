package com.powerbank.stubs.stations;

import static com.powerbank.stubs.StubHttp.json;
import static com.powerbank.stubs.StubHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.stubs.StubHttp;
import com.powerbank.stubs.StubTest;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Eject takes a bank and names it; return docks it once. */
class StationInventoryTest extends StubTest {

  private StubHttp.Reply eject(String station, String... headers) {
    return http.post("/eject-powerbank", json("station_id", station), headers);
  }

  @Test
  void ejectTakesOneBankAndGivesUniqueIds() {
    List<String> ids =
        IntStream.range(0, 3)
            .mapToObj(i -> eject("station-1"))
            .peek(r -> assertThat(r.status()).isEqualTo(200))
            .peek(r -> assertThat(r.body().path("success").asBoolean()).isTrue())
            .map(r -> r.text("powerbank_id"))
            .toList();

    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("pb-\\d{6}"));
    assertThat(banksAt("station-1")).isEqualTo(7);
  }

  @Test
  void emptyStationAnswersSuccessFalse() {
    StubHttp.Reply reply = eject("empty-station-id");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(parse("{\"success\":false}"));
  }

  @Test
  void lastBankCanBeTakenOnce() {
    assertThat(eject("last-bank-station").body().path("success").asBoolean()).isTrue();
    assertThat(eject("last-bank-station").body()).isEqualTo(parse("{\"success\":false}"));
    assertThat(banksAt("last-bank-station")).isZero();
  }

  @Test
  void ejectFromUnknownStationIs404() {
    StubHttp.Reply reply = eject("nowhere");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("STATION_NOT_FOUND");
  }

  @Test
  void returnDocksABankOnlyOnce() {
    String bank = eject("station-1").text("powerbank_id");
    String body = json("station_id", "station-2", "powerbank_id", bank);

    StubHttp.Reply first = http.post("/return-powerbank", body);
    StubHttp.Reply again = http.post("/return-powerbank", body);

    assertThat(first.body()).isEqualTo(parse("{\"success\":true}"));
    assertThat(again.body()).isEqualTo(parse("{\"success\":true}"));
    assertThat(banksAt("station-2")).isEqualTo(11);
    assertThat(banksAt("station-1")).isEqualTo(9);
  }

  @Test
  void aLateReturnUnderTheSameKeyDoesNotDockABankHandedOutAgain() {
    String bank = eject("station-1").text("powerbank_id");
    String body = json("station_id", "station-2", "powerbank_id", bank);
    String key = unique("rental-") + ":return";
    http.post("/return-powerbank", body, "Idempotency-Key", key);
    http.post("/eject-powerbank", json("station_id", "station-2")); // handed out again
    int before = banksAt("station-2");

    StubHttp.Reply late = http.post("/return-powerbank", body, "Idempotency-Key", key);

    assertThat(late.body()).isEqualTo(parse("{\"success\":true}"));
    assertThat(banksAt("station-2")).isEqualTo(before);
  }

  @Test
  void returnToUnknownStationIs404() {
    StubHttp.Reply reply =
        http.post("/return-powerbank", json("station_id", "nowhere", "powerbank_id", "pb-1"));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text("code")).isEqualTo("STATION_NOT_FOUND");
  }

  @Test
  void retriedEjectWithOneKeyTakesOneBank() {
    StubHttp.Reply first = eject("station-3", "Idempotency-Key", "eject-key-1");
    StubHttp.Reply retry = eject("station-3", "Idempotency-Key", "eject-key-1");

    assertThat(retry.status()).isEqualTo(first.status());
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(banksAt("station-3")).isEqualTo(9);
  }

  @Test
  void concurrentEjectsNeverTakeMoreBanksThanDocked() throws Exception {
    http.put("/admin/stations/crowded", json("available_powerbanks", 5));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<StubHttp.Reply>> replies;
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      replies =
          IntStream.range(0, 20)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            return eject("crowded");
                          }))
              .toList();
      start.countDown();
    }

    List<String> ids =
        replies.stream()
            .map(StubTest::join)
            .filter(r -> r.body().path("success").asBoolean())
            .map(r -> r.text("powerbank_id"))
            .toList();
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    assertThat(banksAt("crowded")).isZero();
  }
}
