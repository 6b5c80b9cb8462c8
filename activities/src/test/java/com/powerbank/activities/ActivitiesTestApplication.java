package com.powerbank.activities;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What an application gets with {@code @Import(ActivitiesConfiguration.class)}, plus a schema
 * rebuilt from the migrations on every test run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ActivitiesConfiguration.class)
class ActivitiesTestApplication {

  @Bean
  FlywayMigrationStrategy cleanThenMigrate() {
    return flyway -> {
      flyway.clean();
      flyway.migrate();
    };
  }
}
