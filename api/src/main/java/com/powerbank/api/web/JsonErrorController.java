package com.powerbank.api.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel / default {@code /error} body, so errors raised outside the
 * controllers (filters, the servlet container's error dispatch) are {@code {"error","code"}} JSON
 * too.
 */
@Hidden
@RestController
public class JsonErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ApiError> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status;
    if (code == null) {
      status = HttpStatus.NOT_FOUND; // /error requested directly: not an endpoint of ours
    } else if (code instanceof Integer i && HttpStatus.resolve(i) != null && i >= 400) {
      status = HttpStatus.valueOf(i);
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    return ApiExceptionHandler.error(
        status, ErrorCodes.forStatus(status.value()), messageFor(status));
  }

  /** A short message for an error known only by its status. */
  static String messageFor(HttpStatus status) {
    return switch (status) {
      case NOT_FOUND -> "No such endpoint";
      case METHOD_NOT_ALLOWED -> "Method not allowed";
      case PAYLOAD_TOO_LARGE -> "Request body exceeds the size limit";
      case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be application/json";
      case INTERNAL_SERVER_ERROR -> "Internal server error";
      default -> status.getReasonPhrase();
    };
  }
}
