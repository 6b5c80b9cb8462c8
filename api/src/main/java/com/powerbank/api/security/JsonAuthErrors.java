package com.powerbank.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.powerbank.api.web.ApiError;
import com.powerbank.api.web.ErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * 401 and 403 in the API's error shape {@code {"error","code"}} (SPEC §4, issue 11), with the
 * {@code WWW-Authenticate} header that Spring Security's bearer-token handlers set (RFC 6750:
 * {@code error="invalid_token"} for a bad token, {@code error="insufficient_scope"} for a missing
 * scope).
 */
public class JsonAuthErrors
    implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

  private final BearerTokenAuthenticationEntryPoint bearerEntryPoint =
      new BearerTokenAuthenticationEntryPoint();
  private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
  private final ObjectMapper json;

  public JsonAuthErrors(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    bearerEntryPoint.commence(request, response, e);
    write(
        response,
        new ApiError(
            "Sign-in required: send a valid bearer token (Authorization: Bearer <token>)",
            ErrorCodes.UNAUTHORIZED));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    bearerDenied.handle(request, response, e);
    write(response, new ApiError("This token may not use this endpoint", ErrorCodes.FORBIDDEN));
  }

  /**
   * A token that failed to authenticate: 401, except when it could not be checked at all (the
   * issuer's keys out of reach): then 503, since the client did nothing wrong.
   */
  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof AuthenticationServiceException) {
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      response.setHeader(HttpHeaders.RETRY_AFTER, "5");
      write(
          response,
          new ApiError(
              "The token cannot be checked now (identity provider unreachable); retry later",
              ErrorCodes.IDENTITY_PROVIDER_UNAVAILABLE));
      return;
    }
    commence(request, response, e);
  }

  private void write(HttpServletResponse response, ApiError error) throws IOException {
    error.writeTo(response, json);
  }
}
