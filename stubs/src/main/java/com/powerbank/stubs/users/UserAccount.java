package com.powerbank.stubs.users;

/**
 * One user of the payment and user-profile systems. Thread-safe: every read and change of the
 * balance takes this object's monitor.
 *
 * <p>Defaults come from the id prefix: {@code trusted-*} is trusted; {@code poor-*} has every
 * charge declined; {@code broke-*} has holds and charges declined. Admin can change all of it.
 */
public final class UserAccount {

  /** Balance every new user starts with, whole currency units. */
  public static final long STARTING_BALANCE = 100_000;

  private final String id;
  private long balance;
  private boolean trusted;
  private boolean hasSubscription;
  private boolean declineCharges;
  private boolean declineHolds;

  UserAccount(String id) {
    this.id = id;
    this.balance = STARTING_BALANCE;
    this.trusted = id.startsWith("trusted-");
    this.hasSubscription = false;
    this.declineHolds = id.startsWith("broke-");
    this.declineCharges = declineHolds || id.startsWith("poor-");
  }

  /** User id. */
  public String id() {
    return id;
  }

  /** Takes {@code amount} from the balance if it covers it; returns whether it did. */
  public synchronized boolean tryDebit(long amount) {
    if (amount > balance) {
      return false;
    }
    balance -= amount;
    return true;
  }

  /** Puts {@code amount} back on the balance (a released hold). */
  public synchronized void credit(long amount) {
    balance += amount;
  }

  /** A consistent copy of the account as it is now. */
  public synchronized UserSnapshot snapshot() {
    return new UserSnapshot(balance, trusted, hasSubscription, declineCharges, declineHolds);
  }

  /** Applies the non-null fields of an admin change. */
  synchronized void apply(UserPatch patch) {
    if (patch.balance() != null) {
      balance = patch.balance();
    }
    if (patch.trusted() != null) {
      trusted = patch.trusted();
    }
    if (patch.hasSubscription() != null) {
      hasSubscription = patch.hasSubscription();
    }
    if (patch.declineCharges() != null) {
      declineCharges = patch.declineCharges();
    }
    if (patch.declineHolds() != null) {
      declineHolds = patch.declineHolds();
    }
  }

  /** Whether a hold for this user must be declined regardless of the balance. */
  public synchronized boolean declinesHolds() {
    return declineHolds;
  }

  /** Whether a charge (clear-money) for this user must be declined regardless of the balance. */
  public synchronized boolean declinesCharges() {
    return declineCharges;
  }
}
