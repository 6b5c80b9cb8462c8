package com.powerbank.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Per-user rate limits on quote and start (issue 11), with Resilience4j rate limiters whose
 * settings are the registry's configs {@code quote} and {@code start} ({@code
 * resilience4j.ratelimiter.configs.*}). One limiter per user and operation, kept while the user is
 * active (at most 100,000 users, forgotten after 10 idle minutes), so a burst from one user never
 * slows another.
 */
@Component
public class UserRateLimits {

  private final RateLimiterConfig quote;
  private final RateLimiterConfig start;
  private final Cache<String, RateLimiter> limiters =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  public UserRateLimits(RateLimiterRegistry registry) {
    this.quote = config(registry, "quote");
    this.start = config(registry, "start");
  }

  /**
   * Takes one quote permit of the caller's.
   *
   * @throws ApiException 429 {@code RATE_LIMITED} (with Retry-After) when none is left
   */
  public void quote(Caller caller) {
    acquire("quote:" + caller.userId(), quote);
  }

  /**
   * Takes one start permit of the caller's.
   *
   * @throws ApiException 429 {@code RATE_LIMITED} (with Retry-After) when none is left
   */
  public void start(Caller caller) {
    acquire("start:" + caller.userId(), start);
  }

  private void acquire(String name, RateLimiterConfig config) {
    RateLimiter limiter = limiters.get(name, n -> RateLimiter.of(n, config));
    if (!limiter.acquirePermission()) {
      long seconds = Math.max(1, (config.getLimitRefreshPeriod().toMillis() + 999) / 1000);
      throw ApiException.tooManyRequests(
          ErrorCodes.RATE_LIMITED,
          "Too many requests: at most "
              + config.getLimitForPeriod()
              + " per "
              + config.getLimitRefreshPeriod().toSeconds()
              + " s; retry after "
              + seconds
              + " s",
          seconds);
    }
  }

  private static RateLimiterConfig config(RateLimiterRegistry registry, String name) {
    return registry
        .getConfiguration(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "resilience4j.ratelimiter.configs." + name + " is not configured"));
  }
}
