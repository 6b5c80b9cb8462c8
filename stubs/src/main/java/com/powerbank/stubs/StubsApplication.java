package com.powerbank.stubs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * external-stubs: one in-memory web app that plays the external systems of the rental network
 * (stations, tariffs, users, configs, payments), with run-time admin and fault injection.
 */
@SpringBootApplication
public class StubsApplication {

  /** Starts the stubs on {@code STUBS_PORT} (default 3629). */
  public static void main(String[] args) {
    SpringApplication.run(StubsApplication.class, args);
  }
}
