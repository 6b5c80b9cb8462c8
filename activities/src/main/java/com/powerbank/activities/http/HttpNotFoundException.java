package com.powerbank.activities.http;

/**
 * The external service answered HTTP 404: it does not know the thing asked for (for example an
 * unknown station, SPEC §3). A final answer, not worth retrying.
 */
public class HttpNotFoundException extends RuntimeException {

  /**
   * @param message what was not found, e.g. {@code POST /eject-powerbank answered HTTP 404}
   */
  public HttpNotFoundException(String message) {
    super(message);
  }
}
