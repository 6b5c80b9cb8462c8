package com.powerbank.api.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.failure.TemporalException;

/** Recognises "Temporal did not answer" among the exceptions of the Temporal client. */
public final class TemporalErrors {

  private TemporalErrors() {}

  /**
   * @return true when a gRPC status UNAVAILABLE or DEADLINE_EXCEEDED is somewhere in the cause
   *     chain of {@code e}
   */
  public static boolean isUnavailable(Throwable e) {
    return hasStatus(e, Status.Code.UNAVAILABLE) || hasStatus(e, Status.Code.DEADLINE_EXCEEDED);
  }

  /**
   * @return true when a gRPC status NOT_FOUND is somewhere in the cause chain of {@code e}
   */
  public static boolean isNotFound(Throwable e) {
    return hasStatus(e, Status.Code.NOT_FOUND);
  }

  /**
   * @return true when a gRPC status ALREADY_EXISTS is somewhere in the cause chain of {@code e}: a
   *     start under a workflow id whose workflow already closed (reuse policy REJECT_DUPLICATE)
   */
  public static boolean isAlreadyExists(Throwable e) {
    return hasStatus(e, Status.Code.ALREADY_EXISTS);
  }

  /**
   * @return true when a gRPC status FAILED_PRECONDITION is in the cause chain: the server dropped
   *     an update because the workflow task carrying it failed (for example it raced the workflow's
   *     completion); sending the update again is safe, it is deduplicated by its update id
   */
  public static boolean isUpdateDropped(Throwable e) {
    return hasStatus(e, Status.Code.FAILED_PRECONDITION);
  }

  /**
   * @return true when {@code e} or one of its causes comes from the Temporal client or gRPC
   */
  public static boolean isTemporalFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemporalException
          || t instanceof StatusRuntimeException
          || t.getClass().getName().startsWith("io.temporal.")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean hasStatus(Throwable e, Status.Code code) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        return sre.getStatus().getCode() == code;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
