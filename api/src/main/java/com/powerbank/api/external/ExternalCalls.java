package com.powerbank.api.external;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The guard around every synchronous call of the api to an external service (SPEC §3): per service
 * a Resilience4j bulkhead, circuit breaker and time limiter, configured under {@code
 * resilience4j.*} in {@code application.properties} (instances {@code stations}, {@code tariffs},
 * {@code users}, {@code configs}).
 *
 * <p>Order, outside in: the <b>bulkhead</b> caps the request threads one service can hold (a full
 * bulkhead rejects at once and is not the service's failure, so it never reaches the breaker); the
 * <b>circuit breaker</b> rejects at once while open and counts what the call below it ends with;
 * the <b>time limiter</b> bounds the whole call (connect, read, parse): at the limit the request
 * thread stops waiting and the call is interrupted; an abandoned call ends at the HTTP read timeout
 * at the latest, and no longer holds a bulkhead slot.
 *
 * <p>The calls run on a pool of platform threads, not virtual ones: under load a virtual thread
 * shares a few carrier threads (one per CPU) with the 200 busy platform request threads and got too
 * little CPU to finish in time (200 concurrent starts on 2 CPUs: 39 configs timeouts and an open
 * breaker on virtual threads, none on platform threads). The bulkheads bound the pool.
 *
 * <p>What the call returns is a success for the breaker; what it throws is a failure. So a client
 * returns a 404 ("no such station", "no such user") as a value and throws only for 5xx, bad bodies
 * and I/O errors: an unknown id never opens a breaker.
 */
@Component
public class ExternalCalls implements DisposableBean {

  /** Breaker, bulkhead and time limiter instance of the stations service. */
  public static final String STATIONS = "stations";

  /** ... of the tariffs service. */
  public static final String TARIFFS = "tariffs";

  /** ... of the users service. */
  public static final String USERS = "users";

  /** ... of the configs service. */
  public static final String CONFIGS = "configs";

  /** Every guarded service, in the order health lists them. */
  public static final List<String> SERVICES = List.of(STATIONS, TARIFFS, USERS, CONFIGS);

  private static final Logger log = LoggerFactory.getLogger(ExternalCalls.class);

  private record Guard(Bulkhead bulkhead, CircuitBreaker breaker, TimeLimiter timeLimiter) {}

  private final Map<String, Guard> guards = new LinkedHashMap<>();
  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("external-call-", 0).daemon().factory());

  public ExternalCalls(
      BulkheadRegistry bulkheads,
      CircuitBreakerRegistry breakers,
      TimeLimiterRegistry timeLimiters) {
    for (String service : SERVICES) {
      CircuitBreaker breaker = breakers.circuitBreaker(service);
      breaker
          .getEventPublisher()
          .onStateTransition(
              e -> log.warn("circuit breaker {}: {}", service, e.getStateTransition().toString()));
      guards.put(
          service,
          new Guard(bulkheads.bulkhead(service), breaker, timeLimiters.timeLimiter(service)));
    }
  }

  /**
   * Runs {@code call} under the service's bulkhead, circuit breaker and time limiter.
   *
   * @param service one of {@link #SERVICES}
   * @param call the HTTP call: returns the answer (a 404 included), throws on a failure
   * @return what {@code call} returned
   * @throws ExternalCallException when the call was rejected (breaker open, bulkhead full), timed
   *     out, or failed
   */
  public <T> T call(String service, Callable<T> call) {
    Guard guard = guards.get(service);
    if (guard == null) {
      throw new IllegalArgumentException("no guard for " + service);
    }
    Callable<T> limited = () -> guard.timeLimiter().executeFutureSupplier(() -> calls.submit(call));
    Callable<T> guarded =
        Bulkhead.decorateCallable(
            guard.bulkhead(), CircuitBreaker.decorateCallable(guard.breaker(), limited));
    try {
      return guarded.call();
    } catch (CallNotPermittedException e) {
      throw new ExternalCallException(service, ExternalCallException.Reason.CIRCUIT_OPEN, e);
    } catch (BulkheadFullException e) {
      throw new ExternalCallException(service, ExternalCallException.Reason.BULKHEAD_FULL, e);
    } catch (TimeoutException e) {
      throw new ExternalCallException(service, ExternalCallException.Reason.TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalCallException(service, ExternalCallException.Reason.FAILED, e);
    } catch (Exception e) {
      throw new ExternalCallException(service, ExternalCallException.Reason.FAILED, e);
    }
  }

  /**
   * @return each service's circuit breaker state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN},
   *     ...), in the order of {@link #SERVICES}
   */
  public Map<String, CircuitBreaker.State> breakerStates() {
    Map<String, CircuitBreaker.State> states = new LinkedHashMap<>();
    guards.forEach((service, guard) -> states.put(service, guard.breaker().getState()));
    return states;
  }

  @Override
  public void destroy() {
    calls.shutdownNow();
  }
}
