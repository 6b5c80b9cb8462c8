package com.powerbank.api.rental;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.api.ApiIntegrationTest;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Temporal goes down: start, stop, and the stop of an unknown rental answer 503 {@code
 * TEMPORAL_UNAVAILABLE} JSON within a few seconds instead of waiting out the SDK's retries. A
 * context of its own, with no test server or worker of the starter: the api talks to a Temporal
 * test server on a port of its own; before the first test it reaches it (health says "connected"),
 * then the server is shut down for good and its port is closed.
 */
@TestPropertySource(
    properties = {
      "spring.temporal.test-server.enabled=false",
      "spring.temporal.start-workers=false"
    })
class TemporalDownTest extends ApiIntegrationTest {

  private static final Duration FAST = Duration.ofSeconds(5);

  private static final int PORT = freePort();
  private static TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(PORT);

  @DynamicPropertySource
  static void temporalOnItsOwnPort(DynamicPropertyRegistry registry) {
    registry.add("spring.temporal.connection.target", () -> "127.0.0.1:" + PORT);
  }

  @BeforeEach
  void temporalWasUpAndGoesDown() {
    if (server == null) {
      return;
    }
    assertThat(fetch("/api/v1/health").body().path("temporal").asText()).isEqualTo("connected");
    server.close();
    server = null;
  }

  @AfterAll
  static void shutDown() {
    if (server != null) {
      server.close();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void startIs503WithinSeconds() {
    String quoteId = quoteId("user-1", "station-1");
    UUID key = UUID.randomUUID();

    assertFastUnavailable(() -> start(key, quoteId));

    stubs.verify(0, postRequestedFor(urlPathEqualTo("/hold-money-for-order")));
  }

  @Test
  void stopOfAKnownRentalIs503WithinSeconds() {
    String quoteId = quoteId("user-1", "station-1");
    String rentalId = UUID.randomUUID().toString();
    jdbc.update(
        "INSERT INTO rentals (rental_id, quote_id, user_id, station_id, powerbank_id, status,"
            + " price_per_hour, free_period_min, deposit, buyout_price, started_at)"
            + " VALUES (?::uuid, ?::uuid, 'user-1', 'station-1', 'pb-1', 'ACTIVE', 60, 5, 500,"
            + " 5000, now())",
        rentalId,
        quoteId);

    assertFastUnavailable(() -> stop(UUID.randomUUID(), rentalId, "station-2"));

    stubs.verify(0, postRequestedFor(urlPathEqualTo("/return-powerbank")));
  }

  @Test
  void stopOfAnUnknownRentalIs503WithinSeconds() {
    assertFastUnavailable(() -> stop(UUID.randomUUID(), UUID.randomUUID().toString(), "station-2"));
  }

  /** The request answers 503 TEMPORAL_UNAVAILABLE JSON within {@link #FAST}. */
  private void assertFastUnavailable(Supplier<Answer> request) {
    assertError(timed(request), 503, "TEMPORAL_UNAVAILABLE");
  }

  private Answer timed(Supplier<Answer> request) {
    long started = System.nanoTime();
    Answer answer = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "%s: %s after %d ms%n", getClass().getSimpleName(), answer.raw(), took.toMillis());
    assertThat(took).as("answered %s after %s", answer.raw(), took).isLessThan(FAST);
    return answer;
  }
}
