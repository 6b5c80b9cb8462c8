package com.powerbank.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.powerbank.api.rental.RentalWorkflowIds;
import com.powerbank.api.web.Inputs;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the black-box tests: the whole api on a random port, real PostgreSQL (schema {@code
 * api_test}, emptied before each test), Temporal's in-process test server with a worker running the
 * real rental workflow and activities, and WireMock as the external services. Every subclass shares
 * one cached Spring context.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = {ApiApplication.class, ApiTestConfiguration.class})
@ActiveProfiles("test")
public abstract class ApiIntegrationTest {

  protected static final WireMockServer stubs = ExternalStubs.server();
  protected static final ObjectMapper JSON = new ObjectMapper();
  protected static final List<String> TABLES =
      List.of("quotes", "rentals", "payment_attempts", "debts", "stop_requests");

  @LocalServerPort protected int port;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected WorkflowClient temporal;
  @Autowired protected CacheManager caches;
  @Autowired protected CircuitBreakerRegistry breakers;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> startedRentals = new CopyOnWriteArrayList<>();

  /** The user whose token a request without one carries when no id in it is known. */
  protected static final String DEFAULT_USER = "user-default";

  private static final Pattern UUIDS =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final Pattern USER_FIELD = Pattern.compile("\"user_id\"\\s*:\\s*\"([^\"]*)\"");

  /** Owner of each quote and rental id this test created. */
  private final Map<String, String> owners = new ConcurrentHashMap<>();

  private volatile String lastUser;

  @DynamicPropertySource
  static void stubsUrl(DynamicPropertyRegistry registry) {
    registry.add("powerbank.stubs.url", () -> "http://127.0.0.1:" + stubs.port());
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + stubs.port() + "/oauth2/jwks");
  }

  @BeforeEach
  void emptyTablesAndStubs() {
    jdbc.update("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY");
    ExternalStubs.reset();
    // no tariff, last good value or breaker state carries over from the test before
    caches.getCacheNames().forEach(name -> caches.getCache(name).clear());
    breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
  }

  /** Rentals still billing would keep writing into the next test's tables: end them. */
  @AfterEach
  void terminateRentals() {
    for (String rentalId : startedRentals) {
      for (String workflowId : new String[] {RentalWorkflowIds.of(rentalId), rentalId}) {
        try {
          temporal.newUntypedWorkflowStub(workflowId).terminate("test finished");
        } catch (RuntimeException alreadyClosedOrNone) {
          // nothing to end
        }
      }
    }
  }

  // ---- HTTP ----

  /** An answer: status, parsed JSON body (MissingNode when not JSON) and headers. */
  protected record Answer(int status, JsonNode body, String raw, HttpResponse<String> response) {
    public String code() {
      return body.path("code").asText(null);
    }

    public String error() {
      return body.path("error").asText(null);
    }

    public String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }
  }

  protected String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /**
   * Sends {@code request}; without an {@code Authorization} header it goes with a valid token: the
   * operator's for the operator endpoints, else that of the user who owns the first known quote or
   * rental id in its URI ({@link #actingUser}).
   */
  protected Answer send(HttpRequest request) {
    if (request.headers().firstValue("Authorization").isEmpty()) {
      String token =
          request.uri().getPath().startsWith("/api/v1/operator")
              ? "Bearer " + TestTokens.operator()
              : bearer(actingUser(request.uri().toString()));
      request =
          HttpRequest.newBuilder(request, (name, value) -> true)
              .header("Authorization", token)
              .build();
    }
    return sendAsIs(request);
  }

  /** Sends {@code request} with exactly its own headers (no token added). */
  protected Answer sendAsIs(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body =
            response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
      } catch (IOException notJson) {
        body = MissingNode.getInstance();
      }
      return new Answer(response.statusCode(), body, response.body(), response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code Authorization} header value: a valid token of {@code userId}. */
  protected static String bearer(String userId) {
    return "Bearer " + TestTokens.user(userId);
  }

  /**
   * Who acts in a request that names no token (issue 11): the body's {@code user_id} when it is a
   * valid user id (an invalid one is the request's fault, not the token's), else the owner of the
   * first quote or rental id found in {@code pathAndBody} (known from this test's quote and start
   * calls, or from the database), else the user of this test's last quote, else {@value
   * #DEFAULT_USER}.
   */
  protected String actingUser(String pathAndBody) {
    Matcher named = USER_FIELD.matcher(pathAndBody);
    if (named.find() && named.group(1).matches(Inputs.ID_REGEX)) {
      return named.group(1);
    }
    Matcher ids = UUIDS.matcher(pathAndBody);
    while (ids.find()) {
      String owner = owners.get(ids.group());
      if (owner == null) {
        owner = ownerInDatabase(ids.group());
      }
      if (owner != null) {
        return owner;
      }
    }
    return lastUser != null ? lastUser : DEFAULT_USER;
  }

  private String ownerInDatabase(String id) {
    List<String> found =
        jdbc.queryForList(
            "SELECT user_id FROM rentals WHERE rental_id::text = ? UNION ALL SELECT user_id FROM quotes"
                + " WHERE quote_id::text = ? OR rental_id::text = ?",
            String.class,
            id,
            id,
            id);
    return found.isEmpty() ? null : found.get(0);
  }

  protected Answer fetch(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build());
  }

  /**
   * POSTs a raw body with {@code Content-Type: application/json} and the given headers; without an
   * {@code Authorization} among them, with a token of {@link #actingUser} of path and body.
   */
  protected Answer postRaw(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json");
    if (!List.of(headers).contains("Authorization")) {
      request.header("Authorization", bearer(actingUser(path + " " + body)));
    }
    request.POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  protected static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the API, step by step ----

  protected Answer quote(String userId, String stationId) {
    lastUser = userId;
    Answer answer =
        postRaw(
            "/api/v1/rentals/quote",
            json(Map.of("user_id", userId, "station_id", stationId)),
            "Authorization",
            bearer(userId));
    if (answer.body().hasNonNull("quote_id")) {
      owners.put(answer.body().get("quote_id").asText(), userId);
    }
    return answer;
  }

  /** A quote that must succeed; returns its id. */
  protected String quoteId(String userId, String stationId) {
    Answer quote = quote(userId, stationId);
    assertThat(quote.status()).as(quote.raw()).isEqualTo(200);
    return quote.body().get("quote_id").asText();
  }

  protected Answer start(UUID key, String quoteId) {
    Answer answer =
        postRaw(
            "/api/v1/rentals/start",
            json(Map.of("quote_id", quoteId)),
            "Idempotency-Key",
            key.toString());
    if (answer.body().hasNonNull("rental_id")) {
      startedRentals.add(answer.body().get("rental_id").asText());
      String owner = owners.get(quoteId);
      if (owner != null) {
        owners.put(answer.body().get("rental_id").asText(), owner);
      }
    }
    return answer;
  }

  /** Remembers a rental id to terminate after the test. */
  protected void started(String rentalId) {
    startedRentals.add(rentalId);
  }

  /** Quote and start that must succeed; returns the start answer. */
  protected JsonNode rent(String userId, String stationId) {
    Answer started = start(UUID.randomUUID(), quoteId(userId, stationId));
    assertThat(started.status()).as(started.raw()).isEqualTo(200);
    return started.body();
  }

  protected Answer stop(UUID key, String rentalId, String stationId) {
    return postRaw(
        "/api/v1/rentals/stop",
        json(Map.of("rental_id", rentalId, "station_id", stationId)),
        "Idempotency-Key",
        key.toString());
  }

  /** Polls {@code GET /api/v1/rentals/{id}} until the rental has {@code status}. */
  protected JsonNode awaitStatus(String rentalId, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                status.equals(fetch("/api/v1/rentals/" + rentalId).body().path("status").asText()));
    return fetch("/api/v1/rentals/" + rentalId).body();
  }

  // ---- the database ----

  /** Rows per table, to check that a rejected request wrote nothing. */
  protected Map<String, Long> rowCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
    }
    return counts;
  }

  /** Asserts an error answer: status, code, and the JSON error shape. */
  protected static void assertError(Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.code()).as(answer.raw()).isEqualTo(code);
    assertThat(answer.error()).as(answer.raw()).isNotBlank();
  }
}
