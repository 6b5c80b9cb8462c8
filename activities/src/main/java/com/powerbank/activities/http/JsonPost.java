package com.powerbank.activities.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.powerbank.activities.ActivitiesConfiguration;
import java.io.IOException;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Posts a JSON body to an external service (SPEC §3) and sorts the answer into final and transient,
 * the one place where HTTP failures are classified:
 *
 * <ul>
 *   <li>5xx, 408, 429, connection errors and timeouts: {@link TransientHttpException}
 *   <li>404: {@link HttpNotFoundException}
 *   <li>anything else: a {@link JsonReply} with the status and the parsed body, for the caller to
 *       interpret
 * </ul>
 */
@Component
public class JsonPost {

  /** Header carrying the idempotency key; a repeated key gets the first answer (SPEC §3). */
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private static final Set<Integer> TRANSIENT_4XX = Set.of(408, 429);

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final RestClient client;

  public JsonPost(@Qualifier(ActivitiesConfiguration.STUBS_REST_CLIENT) RestClient client) {
    this.client = client;
  }

  /**
   * Sends {@code POST path} with {@code body} as JSON.
   *
   * @param path the endpoint, e.g. {@code /clear-money-for-order}
   * @param body serialised with Jackson
   * @param idempotencyKey sent as {@value #IDEMPOTENCY_KEY_HEADER} when not null
   * @param replyType the shape of the reply body
   * @return the final answer (2xx or a 4xx other than 404, 408 and 429)
   * @throws TransientHttpException on 5xx, 408, 429, I/O error or timeout
   * @throws HttpNotFoundException on 404
   */
  public <T> JsonReply<T> post(
      String path, Object body, @Nullable String idempotencyKey, Class<T> replyType) {
    String call = "POST " + path;
    try {
      return client
          .post()
          .uri(path)
          .contentType(MediaType.APPLICATION_JSON)
          .accept(MediaType.APPLICATION_JSON)
          .headers(
              headers -> {
                if (idempotencyKey != null) {
                  headers.set(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
                }
              })
          .body(body)
          .exchange(
              (request, response) -> {
                int status = response.getStatusCode().value();
                if (status >= 500 || TRANSIENT_4XX.contains(status)) {
                  throw new TransientHttpException(call + " answered HTTP " + status, null);
                }
                if (status == 404) {
                  throw new HttpNotFoundException(call + " answered HTTP 404");
                }
                // reading the body may time out too: that IOException becomes transient below
                byte[] bytes = StreamUtils.copyToByteArray(response.getBody());
                return new JsonReply<>(status, parse(bytes, replyType));
              });
    } catch (ResourceAccessException e) {
      throw new TransientHttpException(call + " failed: " + e.getMessage(), e);
    }
  }

  @Nullable
  private static <T> T parse(byte[] bytes, Class<T> type) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException notJsonOfThatShape) {
      return null;
    }
  }
}
