package com.powerbank.api.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.web.ErrorCodes;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code GET /configs} of the configs service (SPEC §3, §5): read fresh for every quote and start;
 * the last good answer serves only while the service fails.
 */
@Component("apiConfigsClient")
public class ConfigsClient {

  private static final Logger log = LoggerFactory.getLogger(ConfigsClient.class);

  private final StubsHttp http;
  private final AtomicReference<Configs> lastGood = new AtomicReference<>();

  public ConfigsClient(StubsHttp http) {
    this.http = http;
  }

  /**
   * @return the current configs, or the last good ones while the service fails
   * @throws ExternalServiceException 503 {@code CONFIGS_UNAVAILABLE} when the service fails and
   *     never answered well before
   */
  public Configs current() {
    try {
      JsonNode doc = http.client().get().uri("/configs").retrieve().body(JsonNode.class);
      Configs configs = Configs.parse(doc);
      lastGood.set(configs);
      return configs;
    } catch (RuntimeException e) {
      Configs fallback = lastGood.get();
      if (fallback == null) {
        throw new ExternalServiceException(
            ErrorCodes.CONFIGS_UNAVAILABLE, "Configs service is unavailable", e);
      }
      log.warn("configs service failed, using the last good answer: {}", e.toString());
      return fallback;
    }
  }
}
