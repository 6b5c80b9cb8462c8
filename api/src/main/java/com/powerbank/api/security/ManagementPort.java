package com.powerbank.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The port the actuator's own web server listens on ({@code API_MANAGEMENT_PORT}, 127.0.0.1 only),
 * learnt when that server starts, also when it is a random port in tests (issue 11). Requests that
 * arrive there are the actuator's: health, info and prometheus need no token. When the actuator
 * shares the public port there is no such server and nothing matches.
 */
@Component
public class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

  private static final String MANAGEMENT = "management";

  private volatile int port = -1;

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (MANAGEMENT.equals(event.getApplicationContext().getServerNamespace())) {
      port = event.getWebServer().getPort();
    }
  }

  /** The management server's port, or -1 when it has none of its own (or has not started). */
  public int port() {
    return port;
  }

  /** Whether {@code request} arrived on the management port. */
  public boolean matches(HttpServletRequest request) {
    return port > 0 && request.getLocalPort() == port;
  }
}
