package com.powerbank.activities.http;

import org.springframework.lang.Nullable;

/**
 * A final HTTP answer of an external service (never 5xx: those are {@link TransientHttpException}).
 *
 * @param status the HTTP status code
 * @param body the JSON body read as the requested type; null when the body is empty or is not JSON
 *     of that shape (error pages, for example)
 * @param <T> the reply body type
 */
public record JsonReply<T>(int status, @Nullable T body) {

  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
