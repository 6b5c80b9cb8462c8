package com.powerbank.stubs.faults;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Applies the fault in force for the called endpoint.
 *
 * <p>Error rate: the call is answered 503 {@code {"status":"error","message":"Injected fault"}}
 * before anything is done (no money moves, no bank leaves, no Idempotency-Key is used up). Delay:
 * the work is done first and the finished answer is held back for {@code delay_ms}, as a slow real
 * system would; a client that times out and retries with the same key gets the first answer. Forced
 * declines are applied by the endpoints themselves ({@link FaultRegistry#declineForced}).
 */
@Component
public class FaultInjectionFilter extends OncePerRequestFilter {

  private static final byte[] INJECTED =
      "{\"status\":\"error\",\"message\":\"Injected fault\"}".getBytes(StandardCharsets.UTF_8);

  private final FaultRegistry faults;

  FaultInjectionFilter(FaultRegistry faults) {
    this.faults = faults;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String endpoint = path.startsWith("/") ? path.substring(1) : path;
    Optional<Fault> fault =
        Endpoints.isKnown(endpoint) ? faults.active(endpoint) : Optional.empty();
    if (fault.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    if (fault.get().failsThisCall()) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setContentLength(INJECTED.length);
      response.getOutputStream().write(INJECTED);
      return;
    }
    long delayMs = fault.get().delayMs();
    if (delayMs == 0) {
      chain.doFilter(request, response);
      return;
    }
    // Buffer the whole answer so nothing reaches the client before the delay is over.
    ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
    chain.doFilter(request, buffered);
    sleep(delayMs);
    buffered.copyBodyToResponse();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
