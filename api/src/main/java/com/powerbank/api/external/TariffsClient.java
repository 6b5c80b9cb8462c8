package com.powerbank.api.external;

import com.powerbank.api.web.ErrorCodes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code GET /tariff} of the tariffs service (SPEC §3), guarded by the {@code tariffs} bulkhead,
 * circuit breaker and time limiter ({@link ExternalCalls}).
 *
 * <p>Answers are cached in the {@code tariffs} cache for at most 10 minutes ({@code
 * spring.cache.caffeine.spec}), so a tariff change shows once the entry expires. Each answer is
 * also kept as the last good one ({@link LastGoodCaches#TARIFFS}); it is served only while the
 * service gives no answer, and is not put back into the 10-minute cache, so a change shows as soon
 * as the service answers again.
 */
@Component
public class TariffsClient {

  /** Name of the cache holding tariffs by id (at most 10 minutes). */
  public static final String CACHE = "tariffs";

  private static final Logger log = LoggerFactory.getLogger(TariffsClient.class);

  private final StubsHttp http;
  private final ExternalCalls calls;
  private final Cache fresh;
  private final Cache lastGood;

  public TariffsClient(StubsHttp http, ExternalCalls calls, CacheManager caches) {
    this.http = http;
    this.calls = calls;
    this.fresh = required(caches, CACHE);
    this.lastGood = required(caches, LastGoodCaches.TARIFFS);
  }

  /**
   * @param tariffId the station's tariff id
   * @return the tariff, prices in whole currency units: cached, else fetched, else (service
   *     failing) the last good one
   * @throws ExternalServiceException 503 {@code TARIFFS_UNAVAILABLE} when the service does not know
   *     the tariff (a station pointing at a missing tariff is not the client's fault), or gives no
   *     answer and no last good one is known
   */
  public TariffData tariff(String tariffId) {
    TariffData cached = fresh.get(tariffId, TariffData.class);
    if (cached != null) {
      return cached;
    }
    Optional<TariffData> answer;
    try {
      answer = calls.call(ExternalCalls.TARIFFS, () -> fetch(tariffId));
    } catch (ExternalCallException e) {
      TariffData stale = lastGood.get(tariffId, TariffData.class);
      if (stale == null) {
        throw new ExternalServiceException(
            ErrorCodes.TARIFFS_UNAVAILABLE, "Tariffs service is unavailable: " + e.reasonText(), e);
      }
      if (e.reason() == ExternalCallException.Reason.CIRCUIT_OPEN) {
        log.debug("tariffs circuit breaker open, serving the last good {}", tariffId);
      } else {
        log.warn(
            "tariffs service gave no answer, serving the last good {}: {}",
            tariffId,
            e.getMessage());
      }
      return stale;
    }
    TariffData tariff =
        answer.orElseThrow(
            () ->
                new ExternalServiceException(
                    ErrorCodes.TARIFFS_UNAVAILABLE, "Tariff " + tariffId + " is unknown", null));
    fresh.put(tariffId, tariff);
    lastGood.put(tariffId, tariff);
    return tariff;
  }

  private Optional<TariffData> fetch(String tariffId) {
    return http.client()
        .get()
        .uri(b -> b.path("/tariff").queryParam("id", tariffId).build())
        .exchange(
            (request, response) -> {
              if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.<TariffData>empty();
              }
              if (!response.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException(
                    "tariffs service answered " + response.getStatusCode().value());
              }
              TariffData tariff = response.bodyTo(TariffData.class);
              if (tariff == null
                  || tariff.pricePerHour() < 0
                  || tariff.freePeriodMin() < 0
                  || tariff.deposit() < 0) {
                throw new IllegalStateException("tariffs service answered a bad tariff");
              }
              return Optional.of(tariff);
            });
  }

  static Cache required(CacheManager caches, String name) {
    Cache cache = caches.getCache(name);
    if (cache == null) {
      throw new IllegalStateException("cache " + name + " is not configured");
    }
    return cache;
  }
}
