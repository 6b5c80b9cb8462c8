package com.powerbank.api.web;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One cheap question to Temporal ({@code GetSystemInfo}) under a short deadline: does it answer at
 * all? Used by the health endpoint and by the rental calls, which must not wait for the SDK's own
 * one-minute retries when the server is simply gone (issue 7, item 6).
 */
@Component
public class TemporalProbe {

  private final WorkflowClient client;

  public TemporalProbe(WorkflowClient client) {
    this.client = client;
  }

  /**
   * @param timeout how long to wait for the answer
   * @return true when Temporal answered within {@code timeout}; false on any failure
   */
  public boolean answers(Duration timeout) {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
