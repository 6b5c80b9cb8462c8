package com.powerbank.stubs.payments;

import com.powerbank.stubs.users.UserAccount;
import com.powerbank.stubs.users.UserDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The payment system's books: holds per (user, order), the ledger and what each order was charged.
 *
 * <p>Every operation runs under this object's lock, so a balance, its hold and its ledger entry
 * always change together. Rules: a hold takes money from the balance onto the hold; a charge takes
 * it from the balance; a capture takes it from the hold (never declined by the user's state); a
 * release returns the rest of the hold to the balance; a refund gives back what an order was
 * charged. A call is declined (400 Insufficient funds, recorded as DECLINE) when the balance does
 * not cover it, the user declines that kind of call, or a fault forces it. Calls that move nothing
 * leave no ledger entry.
 */
@Component
public class PaymentBook {

  private final UserDirectory users;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Hold> holds = new LinkedHashMap<>();
  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final Map<String, List<LedgerEntry>> ledgerByOrder = new HashMap<>();
  private final Map<String, Long> chargedByOrder = new HashMap<>();

  PaymentBook(UserDirectory users) {
    this.users = users;
  }

  /** Moves {@code amount} from the balance onto the order's hold (adds to an existing hold). */
  public synchronized PaymentAnswer hold(PaymentRequest r, String key, boolean forceDecline) {
    UserAccount account = users.account(r.userId());
    if (forceDecline || account.declinesHolds() || !account.tryDebit(r.amount())) {
      return decline(LedgerKind.HOLD, r.userId(), r.orderId(), r.amount(), key);
    }
    holds
        .computeIfAbsent(slot(r.userId(), r.orderId()), s -> new Hold(r.userId(), r.orderId()))
        .add(r.amount());
    record(LedgerKind.HOLD, r.userId(), r.orderId(), r.amount(), key);
    return PaymentAnswer.SUCCESS;
  }

  /** Takes {@code amount} from the balance for the order (clear-money-for-order). */
  public synchronized PaymentAnswer charge(PaymentRequest r, String key, boolean forceDecline) {
    UserAccount account = users.account(r.userId());
    if (forceDecline || account.declinesCharges() || !account.tryDebit(r.amount())) {
      return decline(LedgerKind.CHARGE, r.userId(), r.orderId(), r.amount(), key);
    }
    record(LedgerKind.CHARGE, r.userId(), r.orderId(), r.amount(), key);
    chargedByOrder.merge(r.orderId(), r.amount(), Long::sum);
    return PaymentAnswer.SUCCESS;
  }

  /** Takes up to {@code amount} from the order's hold; {@code "No hold"} if there never was one. */
  public synchronized PaymentAnswer capture(PaymentRequest r, String key, boolean forceDecline) {
    users.account(r.userId());
    Hold hold = holds.get(slot(r.userId(), r.orderId()));
    if (hold == null) {
      return PaymentAnswer.NO_HOLD;
    }
    if (forceDecline) {
      return decline(LedgerKind.CAPTURE, r.userId(), r.orderId(), r.amount(), key);
    }
    long captured = hold.capture(r.amount());
    record(LedgerKind.CAPTURE, r.userId(), r.orderId(), captured, key);
    chargedByOrder.merge(r.orderId(), captured, Long::sum);
    return PaymentAnswer.captured(captured);
  }

  /** Returns what is left of the order's hold to the balance; 0 if nothing is left. */
  public synchronized PaymentAnswer release(ReleaseRequest r, String key, boolean forceDecline) {
    UserAccount account = users.account(r.userId());
    Hold hold = holds.get(slot(r.userId(), r.orderId()));
    long rest = hold == null ? 0 : hold.remaining();
    if (forceDecline) {
      return decline(LedgerKind.RELEASE, r.userId(), r.orderId(), rest, key);
    }
    if (hold == null) {
      return PaymentAnswer.released(0);
    }
    long released = hold.releaseRest();
    account.credit(released);
    record(LedgerKind.RELEASE, r.userId(), r.orderId(), released, key);
    return PaymentAnswer.released(released);
  }

  /**
   * Gives back up to {@code amount} of what the order was charged (net of earlier refunds) to the
   * balance (refund-money-for-order, our extension); never declined by the user's state.
   */
  public synchronized PaymentAnswer refund(PaymentRequest r, String key, boolean forceDecline) {
    UserAccount account = users.account(r.userId());
    if (forceDecline) {
      return decline(LedgerKind.REFUND, r.userId(), r.orderId(), r.amount(), key);
    }
    long refunded = Math.min(r.amount(), chargedByOrder.getOrDefault(r.orderId(), 0L));
    account.credit(refunded);
    record(LedgerKind.REFUND, r.userId(), r.orderId(), refunded, key);
    chargedByOrder.merge(r.orderId(), -refunded, Long::sum);
    return PaymentAnswer.refunded(refunded);
  }

  /** A consistent copy of the books, all orders or just one ({@code orderId} non-null). */
  public synchronized BookSnapshot snapshot(String orderId) {
    if (orderId == null) {
      return new BookSnapshot(
          holds.values().stream().map(Hold::view).toList(),
          List.copyOf(ledger),
          new TreeMap<>(chargedByOrder));
    }
    return new BookSnapshot(
        holds.values().stream().filter(h -> h.orderId().equals(orderId)).map(Hold::view).toList(),
        List.copyOf(ledgerByOrder.getOrDefault(orderId, List.of())),
        Map.of(orderId, chargedByOrder.getOrDefault(orderId, 0L)));
  }

  /** Forgets every hold, ledger entry and user (balances start over). */
  public synchronized void reset() {
    holds.clear();
    ledger.clear();
    ledgerByOrder.clear();
    chargedByOrder.clear();
    users.reset();
  }

  private PaymentAnswer decline(
      LedgerKind declined, String userId, String orderId, long amount, String key) {
    append(
        new LedgerEntry(
            LedgerKind.DECLINE, userId, orderId, amount, key, clock.instant(), declined));
    return PaymentAnswer.INSUFFICIENT_FUNDS;
  }

  private void record(LedgerKind kind, String userId, String orderId, long amount, String key) {
    if (amount > 0) {
      append(new LedgerEntry(kind, userId, orderId, amount, key, clock.instant(), null));
    }
  }

  private void append(LedgerEntry entry) {
    ledger.add(entry);
    ledgerByOrder.computeIfAbsent(entry.orderId(), o -> new ArrayList<>()).add(entry);
  }

  private static String slot(String userId, String orderId) {
    return userId + '\n' + orderId;
  }

  /**
   * The payment part of {@code GET /admin/state}.
   *
   * @param holds every hold (or the order's)
   * @param ledger every entry in time order (or the order's)
   * @param chargedByOrder order id to the sum of successful CHARGE and CAPTURE amounts, less REFUND
   *     amounts
   */
  public record BookSnapshot(
      List<HoldView> holds, List<LedgerEntry> ledger, Map<String, Long> chargedByOrder) {}
}
