package com.powerbank.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real HTTP client against the running stubs; answers are parsed as JSON. */
public final class StubHttp {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  public StubHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A status code and the parsed body (a missing node for an empty body). */
  public record Reply(int status, JsonNode body) {
    public String text(String field) {
      return body.path(field).asText();
    }

    public long number(String field) {
      return body.path(field).asLong();
    }
  }

  /** Builds a JSON object from alternating keys and values. */
  public static String json(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    try {
      return JSON.writeValueAsString(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON literal, to compare whole bodies. */
  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Reply get(String path) {
    return send(request(path).GET().build());
  }

  public Reply post(String path, String body, String... headers) {
    return send(withBody(request(path), "POST", body, headers).build());
  }

  public Reply put(String path, String body) {
    return send(withBody(request(path), "PUT", body).build());
  }

  public Reply delete(String path) {
    return send(request(path).DELETE().build());
  }

  /** Sends a request whose answer must arrive within {@code timeout}; throws if it does not. */
  public Reply postWithTimeout(String path, String body, Duration timeout) throws Exception {
    HttpRequest request = withBody(request(path), "POST", body).timeout(timeout).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), parseBody(response.body()));
  }

  /** Sends a body with a chosen Content-Type. */
  public Reply postRaw(String path, String body, String contentType) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  private static HttpRequest.Builder withBody(
      HttpRequest.Builder builder, String method, String body, String... headers) {
    builder.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder.method(method, HttpRequest.BodyPublishers.ofString(body));
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), parseBody(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parseBody(String body) {
    if (body == null || body.isEmpty()) {
      return JSON.missingNode();
    }
    return parse(body);
  }
}
