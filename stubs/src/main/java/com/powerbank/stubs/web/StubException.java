package com.powerbank.stubs.web;

import org.springframework.http.HttpStatus;

/** A failure with a known HTTP status and error code, rendered as {@link ApiError}. */
public class StubException extends RuntimeException {

  private final HttpStatus status;
  private final String code;

  /**
   * @param status HTTP status to answer with
   * @param code UPPER_SNAKE error code
   * @param message human readable message
   */
  public StubException(HttpStatus status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** 400 {@code BAD_REQUEST} with the given message. */
  public static StubException badRequest(String message) {
    return new StubException(HttpStatus.BAD_REQUEST, "BAD_REQUEST", message);
  }

  /** 404 with the given code, e.g. {@code STATION_NOT_FOUND}. */
  public static StubException notFound(String code, String message) {
    return new StubException(HttpStatus.NOT_FOUND, code, message);
  }

  /** HTTP status to answer with. */
  public HttpStatus status() {
    return status;
  }

  /** UPPER_SNAKE error code. */
  public String code() {
    return code;
  }
}
