package com.powerbank.api.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every exception that leaves a controller to {@code {"error","code"}} JSON (SPEC §4): client
 * mistakes to 4xx, unavailable dependencies to 503, and only real server faults to 500 {@code
 * INTERNAL_ERROR}. The content type is always set explicitly, so even a client that accepts no JSON
 * gets a JSON error body.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** Answers {@code status} with {@code {"error": message, "code": code}}. */
  public static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(new ApiError(message, code));
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiError> api(ApiException e) {
    if (e.status().is5xxServerError()) {
      log.warn("{} {}: {}", e.status().value(), e.code(), e.getMessage());
    }
    if (e.retryAfterSec() > 0) {
      return ResponseEntity.status(e.status())
          .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSec()))
          .contentType(MediaType.APPLICATION_JSON)
          .body(new ApiError(e.getMessage(), e.code()));
    }
    return error(e.status(), e.code(), e.getMessage());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ApiError> invalidBody(MethodArgumentNotValidException e) {
    String message =
        e.getBindingResult().getFieldErrors().stream()
            .sorted(Comparator.comparing(FieldError::getField))
            .map(f -> wireName(f.getField()) + " " + f.getDefaultMessage())
            .distinct()
            .collect(Collectors.joining("; "));
    if (message.isEmpty()) {
      message = "Request body is invalid";
    }
    return error(HttpStatus.BAD_REQUEST, ErrorCodes.VALIDATION_ERROR, message);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ApiError> invalidParameter(HandlerMethodValidationException e) {
    return error(
        HttpStatus.BAD_REQUEST, ErrorCodes.VALIDATION_ERROR, "Request parameters are invalid");
  }

  /**
   * An unreadable body. Syntax errors are 400 {@code MALFORMED_JSON} wherever Jackson met them
   * (Jackson wraps a parse error inside a field into a mapping error naming that field: a truncated
   * body is still malformed JSON, not an invalid field), and so is data after the JSON object;
   * well-formed JSON of the wrong shape is 400 {@code VALIDATION_ERROR}.
   */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    JsonParseException parse = causeOfType(e, JsonParseException.class);
    if (parse != null) {
      String reason = parse.getOriginalMessage();
      String detail =
          parse instanceof JsonEOFException
              ? ": it ends before the JSON value is complete"
              : reason != null && reason.startsWith("Duplicate field")
                  ? ": duplicate key (" + reason + ")"
                  : "";
      return malformed(detail);
    }
    Throwable cause = e.getCause();
    if (cause instanceof MismatchedInputException mismatch) {
      String reason = mismatch.getOriginalMessage();
      if (reason != null && reason.startsWith("Trailing token")) {
        return malformed(": unexpected data after the JSON object");
      }
      String path = pathOf(mismatch);
      String message =
          path.isEmpty()
              ? "Request body must be a JSON object"
              : path + " has the wrong type or is null";
      return error(HttpStatus.BAD_REQUEST, ErrorCodes.VALIDATION_ERROR, message);
    }
    if (cause instanceof JsonMappingException mapping) {
      String path = pathOf(mapping);
      return error(
          HttpStatus.BAD_REQUEST,
          ErrorCodes.VALIDATION_ERROR,
          path.isEmpty() ? "Request body is invalid" : path + " is invalid");
    }
    return error(
        HttpStatus.BAD_REQUEST,
        ErrorCodes.MALFORMED_JSON,
        "Request body is missing or is malformed JSON");
  }

  private static ResponseEntity<ApiError> malformed(String detail) {
    return error(
        HttpStatus.BAD_REQUEST,
        ErrorCodes.MALFORMED_JSON,
        "Request body is malformed JSON" + detail);
  }

  /** The first cause of {@code e} (itself included) of {@code type}, or null. */
  private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return error(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return error(
        HttpStatus.NOT_ACCEPTABLE,
        ErrorCodes.NOT_ACCEPTABLE,
        "This API answers application/json only");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
    HttpHeaders headers = new HttpHeaders();
    if (e.getSupportedHttpMethods() != null) {
      headers.setAllow(e.getSupportedHttpMethods());
    }
    return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
        .headers(headers)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            new ApiError(
                "Method " + e.getMethod() + " is not allowed here", ErrorCodes.METHOD_NOT_ALLOWED));
  }

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ApiError> noRoute(Exception e) {
    return error(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, "No such endpoint");
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MissingRequestHeaderException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<ApiError> badParameter(Exception e) {
    return error(
        HttpStatus.BAD_REQUEST, ErrorCodes.VALIDATION_ERROR, "Request parameters are invalid");
  }

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessResourceException.class,
    QueryTimeoutException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ApiError> databaseDown(Exception e) {
    log.warn("database unavailable: {}", e.toString());
    return error(
        HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.DATABASE_UNAVAILABLE, "Database is unavailable");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e) {
    if (TemporalErrors.isUnavailable(e)) {
      log.warn("Temporal unavailable: {}", e.toString());
      return error(
          HttpStatus.SERVICE_UNAVAILABLE,
          ErrorCodes.TEMPORAL_UNAVAILABLE,
          "Temporal is unavailable");
    }
    if (TemporalErrors.isTemporalFailure(e)) {
      // Last line of defence: RentalWorkflows translates what it knows; nothing of Temporal's
      // (nor a Java class name) may reach a client as a 500.
      log.warn("unexpected Temporal failure", e);
      ApiException answer = ApiException.rentalUnavailable();
      return error(answer.status(), answer.code(), answer.getMessage());
    }
    log.error("unexpected error", e);
    return error(
        HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR, "Internal server error");
  }

  private static String pathOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  /** {@code quoteId} → {@code quote_id}: messages name fields as they are on the wire. */
  static String wireName(String javaName) {
    return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
