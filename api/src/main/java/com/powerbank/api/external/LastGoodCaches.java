package com.powerbank.api.external;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.cache.CacheManagerCustomizer;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The last good answers of the tariffs and configs services, served only while a service gives no
 * answer (SPEC §3, §5). Bounded Caffeine caches beside the {@code tariffs} cache in the
 * application's {@code CacheManager} (so they show in the cache metrics): at most {@code
 * powerbank.external.last-good.max-size} entries, each forgotten {@code
 * powerbank.external.last-good.max-age} after it was fetched, after which a failing service is 503.
 */
@Configuration(proxyBeanMethods = false)
public class LastGoodCaches {

  /** Tariffs by id, as last fetched. */
  public static final String TARIFFS = "tariffs-last-good";

  /** The configs document, as last fetched (key {@link #CONFIGS_KEY}). */
  public static final String CONFIGS = "configs-last-good";

  /** The one key of {@link #CONFIGS}. */
  public static final String CONFIGS_KEY = "configs";

  @Bean
  CacheManagerCustomizer<CaffeineCacheManager> lastGoodCachesCustomizer(
      @Value("${powerbank.external.last-good.max-size:1000}") long maxSize,
      @Value("${powerbank.external.last-good.max-age:24h}") Duration maxAge) {
    return manager -> {
      manager.registerCustomCache(TARIFFS, bounded(maxSize, maxAge));
      manager.registerCustomCache(CONFIGS, bounded(1, maxAge));
    };
  }

  private static com.github.benmanes.caffeine.cache.Cache<Object, Object> bounded(
      long maxSize, Duration maxAge) {
    return Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(maxAge)
        .recordStats()
        .build();
  }
}
