package com.powerbank.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.api.ApiIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input never yields 500 and never writes anything (SPEC §4): every answer here is JSON {@code
 * {"error","code"}}, and the row counts of every table stay as they were.
 */
class RequestValidationTest extends ApiIntegrationTest {

  private Map<String, Long> before;

  @BeforeEach
  void countRows() {
    before = rowCounts();
  }

  private void assertNothingWritten() {
    assertThat(rowCounts()).isEqualTo(before);
  }

  @Test
  void bodyOver16KbIs413() {
    String big =
        "{\"user_id\":\"u\",\"station_id\":\"station-1\",\"pad\":\"" + "x".repeat(17_000) + "\"}";

    Answer answer = postRaw("/api/v1/rentals/quote", big);

    assertError(answer, 413, "PAYLOAD_TOO_LARGE");
    assertNothingWritten();
  }

  @Test
  void chunkedBodyOver16KbIs413() {
    byte[] big =
        ("{\"user_id\":\"u\",\"station_id\":\"station-1\",\"pad\":\"" + "x".repeat(17_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
            .header("Content-Type", "application/json")
            // a supplier of unknown length makes the client send it chunked
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();

    Answer answer = send(request);

    assertError(answer, 413, "PAYLOAD_TOO_LARGE");
    assertNothingWritten();
  }

  @Test
  void chunkedBodyUnderTheLimitIsServed() {
    byte[] body =
        "{\"user_id\":\"u\",\"station_id\":\"station-1\"}".getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
            .header("Content-Type", "application/json")
            .header("Authorization", bearer("u"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    assertThat(send(request).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded"})
  void wrongContentTypeIs415(String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
            .header("Content-Type", contentType)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"user_id\":\"u\",\"station_id\":\"station-1\"}"))
            .build();

    assertError(send(request), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertNothingWritten();
  }

  @Test
  void missingContentTypeIs415() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/start")))
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .POST(
                HttpRequest.BodyPublishers.ofString("{\"quote_id\":\"" + UUID.randomUUID() + "\"}"))
            .build();

    assertError(send(request), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertNothingWritten();
  }

  @Test
  void theErrorPathItselfIsNotAnEndpoint() {
    Answer answer = send(HttpRequest.newBuilder(URI.create(url("/error"))).GET().build());

    assertError(answer, 404, "NOT_FOUND");
  }

  @Test
  void duplicateJsonKeysAre400() {
    Answer answer =
        postRaw(
            "/api/v1/rentals/quote",
            "{\"user_id\":\"u\",\"user_id\":\"v\",\"station_id\":\"station-1\"}");

    assertError(answer, 400, "MALFORMED_JSON");
    assertThat(answer.error()).contains("user_id");
    assertNothingWritten();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"user_id\":\"u\",\"station_id\":\"station-1\"",
        "{user_id:\"u\"}",
        "{\"user_id\":'u'}",
        "not json",
        "{\"user_id\":\"u\",}",
        "{\"user_id\":\"u\"} trailing",
        "{\"user_id\":\"u\",\"station_id\":\"station-1\"} trailing",
        "{\"user_id\":\"u\",\"station_id\":\"station-1\"}{\"a\":1}",
        "{\"user_id\":\"u\",\"station_id\":\"sta",
        "{\"user_id\":\"u\",\"station_id\":",
        "{\"user_id\":\"u\",\"station_id\":\"station-1\"}}",
        "{\"user_id\":\"u\",\"station_id\":\"station-1\"} 42",
      })
  void malformedJsonIs400MalformedJson(String body) {
    Answer answer = postRaw("/api/v1/rentals/quote", body);

    assertError(answer, 400, "MALFORMED_JSON");
    assertThat(answer.error()).as(answer.raw()).contains("malformed JSON");
    assertNothingWritten();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"rental_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"station_id\":\"stat",
        "{\"rental_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"station_id\":\"s-1\"} x",
        "{\"rental_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"station_id\":\"s-1\"} []",
      })
  void malformedStopBodyIs400MalformedJson(String body) {
    Answer answer =
        postRaw("/api/v1/rentals/stop", body, "Idempotency-Key", UUID.randomUUID().toString());

    assertError(answer, 400, "MALFORMED_JSON");
    assertThat(answer.error()).as(answer.raw()).contains("malformed JSON");
    assertNothingWritten();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "null", "42", "\"text\"", "[{\"user_id\":\"u\"}]"})
  void bodyThatIsNotAnObjectIs400(String body) {
    Answer answer = postRaw("/api/v1/rentals/quote", body);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
    assertThat(answer.code()).isIn("MALFORMED_JSON", "VALIDATION_ERROR");
    assertNothingWritten();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"quote_id\":\"not-a-uuid\"}",
        "{\"quote_id\":\"\"}",
        "{\"quote_id\":null}",
        "{}",
        "{\"quote_id\":12345}",
        "{\"quote_id\":-1}",
        "{\"quote_id\":1.5}",
        "{\"quote_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6x\"}",
        "{\"quote_id\":\"{3fa85f64-5717-4562-b3fc-2c963f66afa6}\"}",
      })
  void startWithInvalidQuoteIdIs400(String body) {
    Answer answer =
        postRaw("/api/v1/rentals/start", body, "Idempotency-Key", UUID.randomUUID().toString());

    assertError(answer, 400, "VALIDATION_ERROR");
    assertNothingWritten();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"rental_id\":\"nope\",\"station_id\":\"station-1\"}",
        "{\"station_id\":\"station-1\"}",
        "{\"rental_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"}",
        "{\"rental_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"station_id\":\"bad id\"}",
        "{\"rental_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"station_id\":7}",
      })
  void stopWithInvalidBodyIs400(String body) {
    Answer answer =
        postRaw("/api/v1/rentals/stop", body, "Idempotency-Key", UUID.randomUUID().toString());

    assertError(answer, 400, "VALIDATION_ERROR");
    assertNothingWritten();
  }

  @Test
  void unknownRouteIsJson404() {
    assertError(fetch("/api/v1/nothing-here"), 404, "NOT_FOUND");
    assertError(fetch("/api/v2/rentals/quote"), 404, "NOT_FOUND");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/rentals/%2F", "/api/v1/rentals/a%00b"})
  void pathsTomcatRejectsGetJsonErrorsToo(String path) {
    assertError(fetch(path), 400, "VALIDATION_ERROR");
  }

  @Test
  void wrongMethodIsJson405() {
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    Answer answer = send(put);

    assertError(answer, 405, "METHOD_NOT_ALLOWED");
    assertThat(answer.response().headers().firstValue("Allow"))
        .hasValueSatisfying(v -> assertThat(v).contains("POST"));
    assertError(fetch("/api/v1/rentals/quote"), 405, "METHOD_NOT_ALLOWED");
    HttpRequest delete =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/" + UUID.randomUUID())))
            .DELETE()
            .build();
    assertError(send(delete), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void optionsListsOnlyTheMethodsOfTheRoute() {
    HttpRequest options =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/start")))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build();

    Answer answer = send(options);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.response().headers().firstValue("Allow").orElse(""))
        .contains("POST")
        .doesNotContain("GET");
  }

  @Test
  void strayMultipartContentTypeOnAGetIsIgnored() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/" + UUID.randomUUID())))
            .header("Content-Type", "multipart/form-data")
            .GET()
            .build();

    assertError(send(request), 404, "RENTAL_NOT_FOUND");
  }

  @Test
  void multipartBodyIs415() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
            .header("Content-Type", "multipart/form-data")
            .POST(HttpRequest.BodyPublishers.ofString("user_id=u"))
            .build();

    assertError(send(request), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertNothingWritten();
  }

  @Test
  void clientThatAcceptsNoJsonStillGetsAJsonError() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url("/api/v1/rentals/quote")))
            .header("Content-Type", "application/json")
            .header("Accept", "text/html")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"user_id\":\"u\",\"station_id\":\"station-1\"}"))
            .build();

    Answer answer = send(request);

    assertError(answer, 406, "NOT_ACCEPTABLE");
    assertNothingWritten();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "123", "3fa85f64-5717-4562-b3fc-2c963f66afa6x", "%20"})
  void invalidRentalIdInPathIs400(String id) {
    assertError(fetch("/api/v1/rentals/" + id), 400, "VALIDATION_ERROR");
    assertError(fetch("/api/v1/rentals/" + id + "/payments"), 400, "VALIDATION_ERROR");
  }
}
