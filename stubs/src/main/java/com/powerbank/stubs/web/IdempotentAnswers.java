package com.powerbank.stubs.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Remembers the first answer per {@code (endpoint, Idempotency-Key)} and replays it (same status,
 * same body) for every repeat, without running the action again.
 *
 * <p>The first caller registers a pending answer atomically; concurrent repeats wait for it, so any
 * number of simultaneous requests with one key run the action exactly once. Keys are scoped per
 * endpoint: the same key on hold and on clear names two different operations. If the action throws
 * (bad input), nothing is remembered and the next repeat runs it again. Answers live until {@code
 * POST /admin/reset}.
 */
@Component
public class IdempotentAnswers {

  /** Longest accepted key, in characters. */
  public static final int MAX_KEY_LENGTH = 255;

  private final Map<String, CompletableFuture<ResponseEntity<Object>>> answers =
      new ConcurrentHashMap<>();

  /**
   * Runs {@code action} once per key and returns its answer; without a key it always runs.
   *
   * @param endpoint endpoint name the key is scoped to, e.g. {@code hold-money-for-order}
   * @param key the {@code Idempotency-Key} header, or {@code null} when absent
   * @param action does the work and builds the answer
   * @return the first answer recorded for this key
   * @throws StubException 400 when the key is blank or longer than {@value #MAX_KEY_LENGTH}
   */
  public ResponseEntity<Object> once(
      String endpoint, String key, Supplier<ResponseEntity<Object>> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw StubException.badRequest(
          "Idempotency-Key must be 1.." + MAX_KEY_LENGTH + " non-blank characters");
    }
    String slot = endpoint + '\n' + key;
    CompletableFuture<ResponseEntity<Object>> mine = new CompletableFuture<>();
    CompletableFuture<ResponseEntity<Object>> first = answers.putIfAbsent(slot, mine);
    if (first != null) {
      return await(first);
    }
    try {
      ResponseEntity<Object> answer = action.get();
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      answers.remove(slot, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** Forgets every remembered answer (part of {@code POST /admin/reset}). */
  public void clear() {
    answers.clear();
  }

  private static ResponseEntity<Object> await(CompletableFuture<ResponseEntity<Object>> first) {
    try {
      return first.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
