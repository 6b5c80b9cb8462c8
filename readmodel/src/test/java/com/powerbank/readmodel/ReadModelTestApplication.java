package com.powerbank.readmodel;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What an application gets with {@code @Import(ReadModelConfiguration.class)}, plus a schema
 * rebuilt from the migrations on every test run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReadModelConfiguration.class)
class ReadModelTestApplication {

  @Bean
  FlywayMigrationStrategy cleanThenMigrate() {
    return flyway -> {
      flyway.clean();
      flyway.migrate();
    };
  }
}
