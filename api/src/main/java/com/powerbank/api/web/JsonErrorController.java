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
 * controllers (the servlet container, filters) are {@code {"error","code"}} JSON too.
 */
@Hidden
@RestController
public class JsonErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ApiError> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer i && HttpStatus.resolve(i) != null
            ? HttpStatus.valueOf(i)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    return switch (status) {
      case NOT_FOUND ->
          ApiExceptionHandler.error(status, ErrorCodes.NOT_FOUND, "No such endpoint");
      case METHOD_NOT_ALLOWED ->
          ApiExceptionHandler.error(status, ErrorCodes.METHOD_NOT_ALLOWED, "Method not allowed");
      case PAYLOAD_TOO_LARGE ->
          ApiExceptionHandler.error(
              status, ErrorCodes.PAYLOAD_TOO_LARGE, "Request body exceeds the size limit");
      case UNSUPPORTED_MEDIA_TYPE ->
          ApiExceptionHandler.error(
              status, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
      default ->
          status.is4xxClientError()
              ? ApiExceptionHandler.error(
                  status, ErrorCodes.VALIDATION_ERROR, "Bad request: " + status.getReasonPhrase())
              : ApiExceptionHandler.error(
                  HttpStatus.INTERNAL_SERVER_ERROR,
                  ErrorCodes.INTERNAL_ERROR,
                  "Internal server error");
    };
  }
}
