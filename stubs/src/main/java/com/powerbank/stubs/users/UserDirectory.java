package com.powerbank.stubs.users;

import com.powerbank.stubs.web.StubException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Every user seen so far. A well-formed id is created on first sight; an id that is malformed
 * (blank, over 128 characters, characters outside {@code [A-Za-z0-9._:@+-]}) or starts with {@code
 * unknown-} does not exist.
 */
@Component
public class UserDirectory {

  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");

  private final Map<String, UserAccount> accounts = new ConcurrentHashMap<>();

  /**
   * The account for {@code id}, created with the defaults of its prefix if new.
   *
   * @throws StubException 404 {@code USER_NOT_FOUND} for an id that cannot exist
   */
  public UserAccount account(String id) {
    if (!mayExist(id)) {
      throw StubException.notFound("USER_NOT_FOUND", "Unknown user: " + id);
    }
    return accounts.computeIfAbsent(id, UserAccount::new);
  }

  /**
   * Whether {@code id} names a user this service knows or would create on first sight: well formed,
   * and not starting with {@code unknown-}. The identity provider signs in exactly these.
   */
  public static boolean mayExist(String id) {
    return id != null && VALID_ID.matcher(id).matches() && !id.startsWith("unknown-");
  }

  /** Applies an admin change to {@code id} (creating it if new) and returns the result. */
  public UserSnapshot update(String id, UserPatch patch) {
    UserAccount account = account(id);
    account.apply(patch);
    return account.snapshot();
  }

  /** Every user by id, sorted. */
  public Map<String, UserSnapshot> snapshot() {
    Map<String, UserSnapshot> all = new TreeMap<>();
    accounts.forEach((id, account) -> all.put(id, account.snapshot()));
    return all;
  }

  /** Forgets every user. */
  public void reset() {
    accounts.clear();
  }
}
