package com.powerbank.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.api.ApiIntegrationTest;
import com.powerbank.api.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11: every endpoint × every kind of caller, as one table. Each row is a test: the endpoint
 * is called on things owned by a fresh user ({@code owner}) with the caller's token, and must
 * answer the expected status and error {@code code} in the API's error shape; a refused token also
 * gets a {@code WWW-Authenticate: Bearer} challenge.
 */
class SecurityTableTest extends ApiIntegrationTest {

  @Autowired private ManagementPort managementPort;

  /** Who calls. */
  enum Caller {
    NO_TOKEN(owner -> null),
    EXPIRED(TestTokens::expired),
    BAD_SIGNATURE(TestTokens::badSignature),
    WRONG_ISSUER(TestTokens::wrongIssuer),
    OTHER_USER(owner -> TestTokens.user("other-" + owner)),
    USER(TestTokens::user),
    OPERATOR(owner -> TestTokens.operator());

    final Function<String, String> token;

    Caller(Function<String, String> token) {
      this.token = token;
    }
  }

  /** What is called; each needs its own fixture owned by {@code owner}. */
  enum Endpoint {
    QUOTE,
    START,
    STOP,
    STATUS,
    PAYMENTS,
    PROMETHEUS,
    OPERATOR_RENTALS,
    OPERATOR_LINKS,
    HEALTH,
    ACTUATOR_HEALTH,
    ACTUATOR_ENV,
    OPENAPI,
    UI
  }

  private record Expected(int status, String code) {}

  private static final Expected UNAUTHORIZED = new Expected(401, "UNAUTHORIZED");
  private static final Expected FORBIDDEN = new Expected(403, "FORBIDDEN");
  private static final Expected OK = new Expected(200, null);

  /** The expected answer of each endpoint to the callers that hold a valid token. */
  private static final Map<Endpoint, Map<Caller, Expected>> SIGNED_IN =
      Map.ofEntries(
          Map.entry(
              Endpoint.QUOTE,
              Map.of(
                  Caller.OTHER_USER, new Expected(403, "USER_MISMATCH"),
                  Caller.USER, OK,
                  Caller.OPERATOR, FORBIDDEN)),
          Map.entry(
              Endpoint.START,
              Map.of(
                  Caller.OTHER_USER, new Expected(404, "QUOTE_NOT_FOUND"),
                  Caller.USER, OK,
                  Caller.OPERATOR, FORBIDDEN)),
          Map.entry(
              Endpoint.STOP,
              Map.of(
                  Caller.OTHER_USER, new Expected(404, "RENTAL_NOT_FOUND"),
                  Caller.USER, OK,
                  Caller.OPERATOR, FORBIDDEN)),
          Map.entry(
              Endpoint.STATUS,
              Map.of(
                  Caller.OTHER_USER, new Expected(404, "RENTAL_NOT_FOUND"),
                  Caller.USER, OK,
                  Caller.OPERATOR, OK)),
          Map.entry(
              Endpoint.PAYMENTS,
              Map.of(
                  Caller.OTHER_USER, new Expected(404, "RENTAL_NOT_FOUND"),
                  Caller.USER, OK,
                  Caller.OPERATOR, OK)),
          Map.entry(Endpoint.PROMETHEUS, everyone(FORBIDDEN)),
          Map.entry(Endpoint.HEALTH, everyone(OK)),
          Map.entry(Endpoint.ACTUATOR_HEALTH, everyone(FORBIDDEN)),
          Map.entry(Endpoint.ACTUATOR_ENV, everyone(FORBIDDEN)),
          Map.entry(Endpoint.OPERATOR_RENTALS, operatorOnly()),
          Map.entry(Endpoint.OPERATOR_LINKS, everyone(OK)),
          Map.entry(Endpoint.OPENAPI, everyone(OK)),
          Map.entry(Endpoint.UI, everyone(OK)));

  /** Open endpoints answer without a token too (a bad token is still refused: 401). */
  private static final List<Endpoint> OPEN =
      List.of(Endpoint.HEALTH, Endpoint.OPERATOR_LINKS, Endpoint.OPENAPI, Endpoint.UI);

  private static Map<Caller, Expected> operatorOnly() {
    return Map.of(Caller.OTHER_USER, FORBIDDEN, Caller.USER, FORBIDDEN, Caller.OPERATOR, OK);
  }

  private static Map<Caller, Expected> everyone(Expected expected) {
    return Map.of(Caller.OTHER_USER, expected, Caller.USER, expected, Caller.OPERATOR, expected);
  }

  static Stream<Arguments> table() {
    List<Arguments> rows = new ArrayList<>();
    for (Endpoint endpoint : Endpoint.values()) {
      for (Caller caller : Caller.values()) {
        rows.add(Arguments.of(endpoint, caller, expected(endpoint, caller)));
      }
    }
    return rows.stream();
  }

  private static Expected expected(Endpoint endpoint, Caller caller) {
    if (caller == Caller.NO_TOKEN) {
      if (OPEN.contains(endpoint)) {
        return OK;
      }
      return UNAUTHORIZED;
    }
    Expected signedIn = SIGNED_IN.get(endpoint).get(caller);
    return signedIn != null ? signedIn : UNAUTHORIZED;
  }

  @ParameterizedTest(name = "{0} as {1} -> {2}")
  @MethodSource("table")
  void answers(Endpoint endpoint, Caller caller, Expected expected) {
    String owner = "sec-" + UUID.randomUUID();
    String token = caller.token.apply(owner);
    HttpRequest.Builder request = request(endpoint, owner);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }

    Answer answer = sendAsIs(request.build());

    assertThat(answer.status())
        .as("%s as %s: %s", endpoint, caller, answer.raw())
        .isEqualTo(expected.status());
    if (expected.code() != null) {
      assertError(answer, expected.status(), expected.code());
    }
    if (expected.status() == 401) {
      assertThat(answer.response().headers().firstValue("WWW-Authenticate"))
          .get()
          .asString()
          .startsWith("Bearer");
    }
  }

  /** The request of {@code endpoint} on a fixture owned by {@code owner} (made with its token). */
  private HttpRequest.Builder request(Endpoint endpoint, String owner) {
    return switch (endpoint) {
      case QUOTE ->
          post("/api/v1/rentals/quote", json(Map.of("user_id", owner, "station_id", "station-1")));
      case START ->
          post("/api/v1/rentals/start", json(Map.of("quote_id", quoteId(owner, "station-1"))))
              .header("Idempotency-Key", UUID.randomUUID().toString());
      case STOP ->
          post(
                  "/api/v1/rentals/stop",
                  json(Map.of("rental_id", rentalOf(owner), "station_id", "station-2")))
              .header("Idempotency-Key", UUID.randomUUID().toString());
      case STATUS -> get("/api/v1/rentals/" + rentalOf(owner));
      case PAYMENTS -> get("/api/v1/rentals/" + rentalOf(owner) + "/payments");
      case PROMETHEUS -> get("/actuator/prometheus");
      case OPERATOR_RENTALS -> get("/api/v1/operator/debtors");
      case OPERATOR_LINKS -> get("/api/v1/operator/links");
      case HEALTH -> get("/api/v1/health");
      case ACTUATOR_HEALTH -> get("/actuator/health");
      case ACTUATOR_ENV -> get("/actuator/env");
      case OPENAPI -> get("/v3/api-docs");
      case UI -> get("/");
    };
  }

  private String rentalOf(String owner) {
    return rent(owner, "station-1").get("rental_id").asText();
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(url(path))).GET();
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** The actuator on its management port (127.0.0.1, not published): no token needed. */
  @Test
  void theActuatorAnswersOnItsManagementPortWithoutAToken() {
    assertThat(managementPort.port()).isPositive().isNotEqualTo(port);
    String base = "http://127.0.0.1:" + managementPort.port();

    Answer prometheus =
        sendAsIs(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build());
    Answer health = sendAsIs(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build());
    Answer env = sendAsIs(HttpRequest.newBuilder(URI.create(base + "/actuator/env")).build());

    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(prometheus.raw()).contains("jvm_memory_used_bytes");
    assertThat(health.status()).isEqualTo(200);
    assertThat(env.status()).as("not exposed").isEqualTo(404);
  }

  /** Newcomer finding: a 65-character subject was a 500 (the quotes table keeps 64). */
  @Test
  void aTokenWhoseSubjectIsNoUserIdIs401AndWritesNothing() {
    Map<String, Long> before = rowCounts();

    Answer answer =
        postRaw(
            "/api/v1/rentals/quote",
            json(Map.of("station_id", "station-1")),
            "Authorization",
            "Bearer " + TestTokens.user("u".repeat(65)));

    assertError(answer, 401, "UNAUTHORIZED");
    assertThat(answer.response().headers().firstValue("WWW-Authenticate"))
        .get()
        .asString()
        .contains("invalid_token");
    assertThat(rowCounts()).isEqualTo(before);
  }

  @Test
  void aQuoteWithoutUserIdIsTheSignedInUsers() {
    Answer answer =
        postRaw(
            "/api/v1/rentals/quote",
            json(Map.of("station_id", "station-1")),
            "Authorization",
            "Bearer " + TestTokens.user("implicit-1"));

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body().get("user_id").asText()).isEqualTo("implicit-1");
  }

  @Test
  void anotherUsersRefusalChangesNothing() {
    String owner = "sec-" + UUID.randomUUID();
    String rentalId = rentalOf(owner);
    Map<String, Long> before = rowCounts();

    Answer stop =
        postRaw(
            "/api/v1/rentals/stop",
            json(Map.of("rental_id", rentalId, "station_id", "station-2")),
            "Idempotency-Key",
            UUID.randomUUID().toString(),
            "Authorization",
            "Bearer " + TestTokens.user("intruder"));

    assertError(stop, 404, "RENTAL_NOT_FOUND");
    assertThat(rowCounts()).isEqualTo(before);
    assertThat(fetch("/api/v1/rentals/" + rentalId).body().path("status").asText())
        .isEqualTo("ACTIVE");
  }

  @Test
  void answersCarryTheStandardSecurityHeaders() {
    Answer answer = fetch("/");

    assertThat(answer.response().headers().firstValue("X-Content-Type-Options"))
        .hasValue("nosniff");
    assertThat(answer.response().headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(answer.response().headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'");
  }

  @Test
  void crossOriginCallsAreRefusedByDefault() {
    Answer preflight =
        send(
            HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .build());

    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.response().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
