package com.powerbank.api.metrics;

import com.powerbank.api.web.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Counts the answers of quote, start and stop by outcome (issue 9): {@code
 * powerbank_api_outcomes_total{operation="quote"|"start"|"stop", code}}, where {@code code} is
 * {@code OK} for a 2xx answer and the error's {@code code} otherwise (SPEC §4: {@code
 * USER_HAS_DEBT}, {@code QUOTE_EXPIRED}, {@code DEPOSIT_DECLINED}, ...). Every JSON answer of those
 * three endpoints passes here, the exception handler's too; an answer written outside Spring MVC (a
 * body refused by the size filter) is not counted.
 */
@ControllerAdvice
public class OutcomeMetrics implements ResponseBodyAdvice<Object> {

  /** Code of a successful answer. */
  public static final String OK = "OK";

  private static final Map<String, String> OPERATIONS =
      Map.of(
          "/api/v1/rentals/quote", "quote",
          "/api/v1/rentals/start", "start",
          "/api/v1/rentals/stop", "stop");

  private final MeterRegistry registry;

  public OutcomeMetrics(MeterRegistry registry) {
    this.registry = registry;
    OPERATIONS.values().forEach(operation -> counter(operation, OK));
  }

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    String operation = OPERATIONS.get(request.getURI().getPath());
    if (operation != null && HttpMethod.POST.equals(request.getMethod())) {
      counter(operation, body instanceof ApiError error ? error.code() : OK).increment();
    }
    return body;
  }

  private Counter counter(String operation, String code) {
    return Counter.builder("powerbank.api.outcomes")
        .description("Answers of quote, start and stop, by error code (OK when successful)")
        .tag("operation", operation)
        .tag("code", code)
        .register(registry);
  }
}
