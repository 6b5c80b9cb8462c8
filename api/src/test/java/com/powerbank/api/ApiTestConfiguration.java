package com.powerbank.api;

import com.powerbank.activities.ActivitiesConfiguration;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What the tests add to the api: the activity implementations for the test worker, a schema rebuilt
 * from the migrations on every run, and a Temporal test server that runs in real time (the API
 * computes "accrued up to now" from the wall clock) with the rental search attributes registered.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(ActivitiesConfiguration.class)
public class ApiTestConfiguration {

  @Bean
  FlywayMigrationStrategy cleanThenMigrate() {
    return flyway -> {
      flyway.clean();
      flyway.migrate();
    };
  }

  @Bean
  TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> realTimeTestServer() {
    return builder ->
        builder
            .setUseTimeskipping(false)
            .registerSearchAttribute("RentalStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .registerSearchAttribute("UserId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .registerSearchAttribute("StationId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .registerSearchAttribute("PowerbankId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
  }
}
