package com.powerbank.worker;

import com.powerbank.activities.ActivitiesConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The rental worker (SPEC §2): polls task queue {@code rentals} for {@code RentalWorkflowImpl} and
 * the payment, station and read-model activities. Stateless: run as many copies as the load needs;
 * Temporal spreads the rentals between them. Its only HTTP is actuator (health, Prometheus) on the
 * management port. Workers, cache size and virtual threads are configured in {@code
 * application.properties} through the Temporal Spring Boot starter.
 */
@SpringBootApplication
@Import(ActivitiesConfiguration.class)
public class WorkerApplication {

  /** Starts the worker. */
  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
