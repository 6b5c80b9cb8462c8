package com.powerbank.api.external;

import com.powerbank.api.web.ErrorCodes;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * {@code GET /tariff} of the tariffs service (SPEC §3). Answers are cached in the {@code tariffs}
 * cache for at most 10 minutes ({@code spring.cache.caffeine.spec}), so a tariff change shows once
 * the entry expires; failures are not cached.
 */
@Component("apiTariffsClient")
public class TariffsClient {

  /** Name of the cache holding tariffs by id. */
  public static final String CACHE = "tariffs";

  private final StubsHttp http;

  public TariffsClient(StubsHttp http) {
    this.http = http;
  }

  /**
   * @param tariffId the station's tariff id
   * @return the tariff, prices in whole currency units
   * @throws ExternalServiceException 503 {@code TARIFFS_UNAVAILABLE} when the service fails or does
   *     not know the tariff (a station pointing at a missing tariff is not the client's fault)
   */
  @Cacheable(CACHE)
  public TariffData tariff(String tariffId) {
    try {
      return http.client()
          .get()
          .uri(b -> b.path("/tariff").queryParam("id", tariffId).build())
          .exchange(
              (request, response) -> {
                if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                  throw new ExternalServiceException(
                      ErrorCodes.TARIFFS_UNAVAILABLE, "Tariff " + tariffId + " is unknown", null);
                }
                if (!response.getStatusCode().is2xxSuccessful()) {
                  throw new ExternalServiceException(
                      ErrorCodes.TARIFFS_UNAVAILABLE,
                      "Tariffs service answered " + response.getStatusCode().value(),
                      null);
                }
                TariffData tariff = response.bodyTo(TariffData.class);
                if (tariff == null
                    || tariff.pricePerHour() < 0
                    || tariff.freePeriodMin() < 0
                    || tariff.deposit() < 0) {
                  throw new ExternalServiceException(
                      ErrorCodes.TARIFFS_UNAVAILABLE,
                      "Tariffs service answered a bad tariff",
                      null);
                }
                return tariff;
              });
    } catch (RestClientException e) {
      throw new ExternalServiceException(
          ErrorCodes.TARIFFS_UNAVAILABLE, "Tariffs service is unavailable", e);
    }
  }
}
