package com.powerbank.api;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * rental-core: the public REST API v1 (SPEC §4), the demo UI at {@code /} and the OpenAPI document.
 *
 * <p>A Temporal client only: it runs no worker. From the {@code activities} module it takes the
 * Flyway schema (migrated at start) and the two read repositories ({@link ReadModelConfiguration}).
 */
@SpringBootApplication
@EnableCaching
public class ApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiApplication.class, args);
  }

  /** The clock behind quote expiry and "accrued up to now" (UTC). */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
