package com.powerbank.api;

import com.powerbank.readmodel.ReadModelConfiguration;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * rental-core: the public REST API v1 (SPEC §4), the demo UI at {@code /} and the OpenAPI document.
 *
 * <p>A Temporal client only: it runs no worker and has no activity code on its classpath. From the
 * {@code readmodel} module it takes the Flyway schema (migrated at start) and the read-model and
 * ledger repositories ({@link ReadModelConfiguration}).
 */
@SpringBootApplication
@Import(ReadModelConfiguration.class)
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
