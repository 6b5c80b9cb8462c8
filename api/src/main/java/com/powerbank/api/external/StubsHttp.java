package com.powerbank.api.external;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The HTTP client of the external services (SPEC §3) at {@code powerbank.stubs.url}: connect
 * timeout 1 s, read timeout 2 s, JSON through the application's snake_case {@code ObjectMapper}.
 * Kept private to the clients of this package (no {@code RestClient} bean, so nothing clashes with
 * the activities' clients when both live in one context).
 */
@Component
public class StubsHttp {

  private final RestClient client;

  public StubsHttp(
      RestClient.Builder builder,
      @Value("${powerbank.stubs.url}") String baseUrl,
      @Value("${powerbank.stubs.connect-timeout:1s}") Duration connectTimeout,
      @Value("${powerbank.stubs.read-timeout:2s}") Duration readTimeout) {
    SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
    factory.setConnectTimeout(connectTimeout);
    factory.setReadTimeout(readTimeout);
    this.client = builder.clone().baseUrl(baseUrl).requestFactory(factory).build();
  }

  /** The configured client. */
  public RestClient client() {
    return client;
  }

  /**
   * A cheap reachability probe for the health check.
   *
   * @param uri path and query, e.g. {@code /configs}
   * @return true when the service answered with any status below 500 (a 404 for an unknown id still
   *     proves the service is up)
   */
  public boolean answers(String uri) {
    try {
      return client
          .get()
          .uri(uri)
          .exchange((request, response) -> !response.getStatusCode().is5xxServerError());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
