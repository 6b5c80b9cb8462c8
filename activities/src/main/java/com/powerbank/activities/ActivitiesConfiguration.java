package com.powerbank.activities;

import com.powerbank.readmodel.ReadModelConfiguration;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Everything the activities need, for an application to {@code @Import}: the activity
 * implementations (registered on task queue {@code rentals} by the Temporal starter), their HTTP
 * clients, and (from the {@code readmodel} module) the JDBC repositories of the read model and
 * payment ledger that the read-model activity writes.
 *
 * <p>Properties, all optional:
 *
 * <ul>
 *   <li>{@value #URL_PROPERTY}: base URL of the external services (SPEC §3); falls back to the
 *       environment variable {@code STUBS_URL}, then {@value #DEFAULT_URL}
 *   <li>{@value #CONNECT_TIMEOUT_PROPERTY}: TCP connect timeout, default {@value
 *       #DEFAULT_CONNECT_TIMEOUT}
 *   <li>{@value #READ_TIMEOUT_PROPERTY}: time allowed for the answer of one request, default
 *       {@value #DEFAULT_READ_TIMEOUT}
 *   <li>{@value #STATIONS_READ_TIMEOUT_PROPERTY}: time allowed for a station's answer, default
 *       {@value #DEFAULT_STATIONS_READ_TIMEOUT}: a physical eject takes seconds (SPEC §3)
 * </ul>
 *
 * Timeouts take Spring Boot duration strings ({@code 1s}, {@code 1500ms}, {@code PT2S}). They are
 * short on purpose: a slow answer is treated as a transient failure and retried by the activity's
 * retry policy, with the same idempotency key, rather than holding a worker slot.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
    basePackages = "com.powerbank.activities",
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import(ReadModelConfiguration.class)
public class ActivitiesConfiguration {

  /** Bean name of the {@link RestClient} that talks to the external services. */
  public static final String STUBS_REST_CLIENT = "stubsRestClient";

  /** Property holding the external services' base URL. */
  public static final String URL_PROPERTY = "powerbank.stubs.url";

  /** Property holding the connect timeout. */
  public static final String CONNECT_TIMEOUT_PROPERTY = "powerbank.stubs.connect-timeout";

  /** Property holding the read timeout. */
  public static final String READ_TIMEOUT_PROPERTY = "powerbank.stubs.read-timeout";

  /** Bean name of the {@link RestClient} that talks to the stations (longer read timeout). */
  public static final String STATIONS_REST_CLIENT = "stationsRestClient";

  /** Property holding the stations' read timeout. */
  public static final String STATIONS_READ_TIMEOUT_PROPERTY = "powerbank.stations.read-timeout";

  /** Stations' read timeout used when the property is not set. */
  public static final String DEFAULT_STATIONS_READ_TIMEOUT = "10s";

  /** Base URL used when neither the property nor {@code STUBS_URL} is set. */
  public static final String DEFAULT_URL = "http://127.0.0.1:3629";

  /** Connect timeout used when the property is not set. */
  public static final String DEFAULT_CONNECT_TIMEOUT = "1s";

  /** Read timeout used when the property is not set. */
  public static final String DEFAULT_READ_TIMEOUT = "1500ms";

  /**
   * The HTTP client of the external services: JDK {@link HttpClient} on HTTP/1.1 with explicit
   * connect and read timeouts. Built from the application's {@link RestClient.Builder} when Spring
   * Boot provides one (for its observations and message converters), else from a plain builder.
   */
  @Bean(STUBS_REST_CLIENT)
  RestClient stubsRestClient(
      ObjectProvider<RestClient.Builder> builders,
      @Value("${" + URL_PROPERTY + ":${STUBS_URL:" + DEFAULT_URL + "}}") String baseUrl,
      @Value("${" + CONNECT_TIMEOUT_PROPERTY + ":" + DEFAULT_CONNECT_TIMEOUT + "}")
          String connectTimeout,
      @Value("${" + READ_TIMEOUT_PROPERTY + ":" + DEFAULT_READ_TIMEOUT + "}") String readTimeout) {
    return restClient(builders, baseUrl, connectTimeout, readTimeout);
  }

  /** The HTTP client of the stations: as {@link #stubsRestClient}, with the stations' timeout. */
  @Bean(STATIONS_REST_CLIENT)
  RestClient stationsRestClient(
      ObjectProvider<RestClient.Builder> builders,
      @Value("${" + URL_PROPERTY + ":${STUBS_URL:" + DEFAULT_URL + "}}") String baseUrl,
      @Value("${" + CONNECT_TIMEOUT_PROPERTY + ":" + DEFAULT_CONNECT_TIMEOUT + "}")
          String connectTimeout,
      @Value("${" + STATIONS_READ_TIMEOUT_PROPERTY + ":" + DEFAULT_STATIONS_READ_TIMEOUT + "}")
          String readTimeout) {
    return restClient(builders, baseUrl, connectTimeout, readTimeout);
  }

  private static RestClient restClient(
      ObjectProvider<RestClient.Builder> builders,
      String baseUrl,
      String connectTimeout,
      String readTimeout) {
    HttpClient httpClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(duration(connectTimeout))
            .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
    requestFactory.setReadTimeout(duration(readTimeout));
    return builders
        .getIfAvailable(RestClient::builder)
        .baseUrl(baseUrl)
        .requestFactory(requestFactory)
        .build();
  }

  private static Duration duration(String value) {
    return DurationStyle.detectAndParse(value.trim());
  }
}
