package com.powerbank.activities.http;

/**
 * The external service answered outside its contract (SPEC §3): a status the call does not define,
 * or a success body missing a required field. A final answer: retrying the same request would get
 * the same reply.
 */
public class UnexpectedHttpReplyException extends RuntimeException {

  /**
   * @param message the call and what was wrong with its reply
   */
  public UnexpectedHttpReplyException(String message) {
    super(message);
  }
}
