package com.powerbank.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.powerbank.api.ApiIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 11: per-user rate limits on quote and start (here 3 quotes and 2 starts a second, in a
 * context of its own): past the limit 429 {@code RATE_LIMITED} with {@code Retry-After}, nothing
 * written, and other users unaffected.
 */
@TestPropertySource(
    properties = {
      "resilience4j.ratelimiter.configs.quote.limit-for-period=3",
      "resilience4j.ratelimiter.configs.quote.limit-refresh-period=5s",
      "resilience4j.ratelimiter.configs.start.limit-for-period=2",
      "resilience4j.ratelimiter.configs.start.limit-refresh-period=5s"
    })
class RateLimitTest extends ApiIntegrationTest {

  @Test
  void aFourthQuoteWithinTheWindowIs429AndOthersStillQuote() {
    String user = "limited-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      assertThat(quote(user, "station-1").status()).isEqualTo(200);
    }
    long quotesBefore = rowCounts().get("quotes");

    Answer limited = quote(user, "station-1");

    assertError(limited, 429, "RATE_LIMITED");
    assertThat(limited.response().headers().firstValue("Retry-After")).hasValue("5");
    assertThat(rowCounts().get("quotes")).isEqualTo(quotesBefore);
    assertThat(quote("other-" + UUID.randomUUID(), "station-1").status()).isEqualTo(200);
  }

  @Test
  void aThirdStartWithinTheWindowIs429() {
    String user = "starter-" + UUID.randomUUID();
    String[] quotes = {
      quoteId(user, "station-1"), quoteId(user, "station-2"), quoteId(user, "station-3")
    };
    assertThat(start(UUID.randomUUID(), quotes[0]).status()).isEqualTo(200);
    assertThat(start(UUID.randomUUID(), quotes[1]).status()).isEqualTo(200);

    Answer limited = start(UUID.randomUUID(), quotes[2]);

    assertError(limited, 429, "RATE_LIMITED");
    assertThat(limited.response().headers().firstValue("Retry-After")).hasValue("5");
  }
}
