package com.powerbank.api.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.powerbank.api.web.ErrorCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

/**
 * {@code GET /configs} of the configs service (SPEC §3, §5), guarded by the {@code configs}
 * bulkhead, circuit breaker and time limiter ({@link ExternalCalls}): read fresh for every quote
 * and start; the last good answer ({@link LastGoodCaches#CONFIGS}) serves only while the service
 * gives no answer (5xx, a bad document, timeout, I/O error, breaker open, bulkhead full).
 */
@Component
public class ConfigsClient {

  private static final Logger log = LoggerFactory.getLogger(ConfigsClient.class);

  private final StubsHttp http;
  private final ExternalCalls calls;
  private final Cache lastGood;

  public ConfigsClient(StubsHttp http, ExternalCalls calls, CacheManager caches) {
    this.http = http;
    this.calls = calls;
    this.lastGood = TariffsClient.required(caches, LastGoodCaches.CONFIGS);
  }

  /**
   * @return the current configs, or the last good ones while the service gives no answer
   * @throws ExternalServiceException 503 {@code CONFIGS_UNAVAILABLE} when the service gives no
   *     answer and no last good one is known
   */
  public Configs current() {
    try {
      Configs configs = calls.call(ExternalCalls.CONFIGS, this::fetch);
      lastGood.put(LastGoodCaches.CONFIGS_KEY, configs);
      return configs;
    } catch (ExternalCallException e) {
      Configs fallback = lastGood.get(LastGoodCaches.CONFIGS_KEY, Configs.class);
      if (fallback == null) {
        throw new ExternalServiceException(
            ErrorCodes.CONFIGS_UNAVAILABLE, "Configs service is unavailable: " + e.reasonText(), e);
      }
      if (e.reason() == ExternalCallException.Reason.CIRCUIT_OPEN) {
        log.debug("configs circuit breaker open, using the last good answer");
      } else {
        log.warn("configs service gave no answer, using the last good one: {}", e.getMessage());
      }
      return fallback;
    }
  }

  private Configs fetch() {
    return http.client()
        .get()
        .uri("/configs")
        .exchange(
            (request, response) -> {
              if (!response.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException(
                    "configs service answered " + response.getStatusCode().value());
              }
              // a bad document is a failure too (IllegalArgumentException): the last good one
              // serves
              return Configs.parse(response.bodyTo(JsonNode.class));
            });
  }
}
