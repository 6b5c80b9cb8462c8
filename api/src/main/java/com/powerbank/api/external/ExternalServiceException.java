package com.powerbank.api.external;

import com.powerbank.api.web.ApiException;
import org.springframework.http.HttpStatus;

/** 503: an external service (SPEC §3) failed, timed out or answered nonsense. */
public class ExternalServiceException extends ApiException {

  public ExternalServiceException(String code, String message, Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, code, message);
    if (cause != null) {
      initCause(cause);
    }
  }
}
