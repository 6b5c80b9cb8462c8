package com.powerbank.api.rental;

import com.powerbank.api.external.Configs;
import com.powerbank.api.external.ConfigsClient;
import com.powerbank.api.quote.OpenDebtGuard;
import com.powerbank.api.quote.Quote;
import com.powerbank.api.quote.QuoteRepository;
import com.powerbank.api.security.Caller;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.readmodel.RentalReadModelRepository;
import com.powerbank.readmodel.RentalRow;
import com.powerbank.workflows.billing.RentalTerms;
import com.powerbank.workflows.billing.Tariff;
import com.powerbank.workflows.rental.RentalFailures;
import com.powerbank.workflows.rental.RentalIds;
import com.powerbank.workflows.rental.RentalInput;
import com.powerbank.workflows.rental.RentalStatus;
import com.powerbank.workflows.rental.StartResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Starts a rental from a quote (SPEC §4 start, §6 idempotency): claims the quote for the rental id
 * derived from the quote's user and the {@code Idempotency-Key}, then starts (or joins) the rental
 * workflow with Update-with-Start and waits until the deposit is held and the powerbank ejected.
 *
 * <p>A start that found the payments service down (503 {@code PAYMENTS_UNAVAILABLE}: hold released,
 * nothing ejected) may be sent again with the same key: its workflow run failed, so a new run under
 * the same id may start (reuse policy ALLOW_DUPLICATE_FAILED_ONLY), and the quote, already claimed
 * by this rental, stays good for it until {@code powerbank.rentals.start-retry-window} (10 minutes)
 * past its own expiry; after that the retry is 400 {@code QUOTE_EXPIRED}. Every other outcome
 * (started, DEPOSIT_DECLINED, EJECT_FAILED) completes its run and is answered the same forever.
 */
@Service
public class RentalStartService {

  private final QuoteRepository quotes;
  private final ConfigsClient configs;
  private final RentalWorkflows workflows;
  private final RentalReadModelRepository rentals;
  private final OpenDebtGuard debts;
  private final Clock clock;
  private final Duration retryWindow;

  public RentalStartService(
      QuoteRepository quotes,
      ConfigsClient configs,
      RentalWorkflows workflows,
      RentalReadModelRepository rentals,
      OpenDebtGuard debts,
      Clock clock,
      @Value("${powerbank.rentals.start-retry-window:10m}") Duration retryWindow) {
    this.quotes = quotes;
    this.configs = configs;
    this.workflows = workflows;
    this.rentals = rentals;
    this.debts = debts;
    this.clock = clock;
    this.retryWindow = retryWindow;
  }

  /**
   * @param key the request's {@code Idempotency-Key}
   * @param quoteId the quote to rent by (already checked to be a UUID)
   * @param caller the signed-in user: another user's quote is not found (issue 11)
   * @return the started rental; the same answer for the same key and quote, also after the rental
   *     ended
   * @throws ApiException 404 QUOTE_NOT_FOUND, 422 IDEMPOTENCY_KEY_REUSED, 409 QUOTE_ALREADY_USED,
   *     409 USER_HAS_DEBT, 400 QUOTE_EXPIRED, 503 CONFIGS_UNAVAILABLE / TEMPORAL_UNAVAILABLE /
   *     RENTAL_UNAVAILABLE / RENTAL_TIMEOUT
   * @throws RentalFailedException 402 DEPOSIT_DECLINED, 409 EJECT_FAILED, 503 PAYMENTS_UNAVAILABLE
   */
  public StartRentalResponse start(UUID key, UUID quoteId, Caller caller) {
    Quote quote =
        quotes
            .findById(quoteId)
            .filter(found -> caller.owns(found.userId()))
            .orElseThrow(
                () -> ApiException.notFound(ErrorCodes.QUOTE_NOT_FOUND, "Quote not found"));
    UUID rentalId = UUID.fromString(RentalIds.rentalId(quote.userId(), key));
    String id = rentalId.toString();
    boolean mayRunAgain = rentals.findById(id).map(RentalStartService::mayRunAgain).orElse(true);
    boolean newRunAllowed = claim(quote, rentalId, mayRunAgain);
    if (!newRunAllowed) {
      // Past the retry window: answer what is there, but start nothing on the old quote.
      try {
        return started(workflows.join(id));
      } catch (RentalWorkflows.RentalClosedException closed) {
        return fromReadModel(id, true);
      }
    }

    Configs current = configs.current();
    RentalTerms terms =
        new RentalTerms(
            new Tariff(quote.pricePerHour(), quote.freePeriodMin(), quote.deposit()),
            current.buyoutPrice(),
            current.billingTickSec(),
            current.debtChargeStep(),
            current.maxRentalHours());
    quotes.recordBillingTick(quoteId, terms.billingTickSec());
    RentalInput input =
        RentalInput.fresh(id, quoteId.toString(), quote.userId(), quote.stationId(), terms);
    try {
      return started(workflows.start(input, mayRunAgain));
    } catch (RentalWorkflows.RentalClosedException closed) {
      return fromReadModel(id, false);
    }
  }

  /**
   * True when, as far as the read model knows, nothing moved for this rental id: it failed with
   * PAYMENTS_UNAVAILABLE, or never got past PENDING. Only then may a closed run be followed by a
   * new one; a rental that became ACTIVE (even if its run was terminated later) or ended any other
   * way is answered from what it was.
   */
  private static boolean mayRunAgain(RentalRow row) {
    return row.status() == RentalStatus.PENDING
        || (row.status() == RentalStatus.FAILED
            && RentalFailures.PAYMENTS_UNAVAILABLE.equals(row.failureCode()));
  }

  /**
   * Ties the quote to the rental. Order matters: a key that already started a rental from another
   * quote is 422 even when this quote is used or expired.
   *
   * @return false when the quote is this rental's but too old to start a new run on
   */
  private boolean claim(Quote quote, UUID rentalId, boolean mayRunAgain) {
    quotes
        .findClaimedBy(rentalId)
        .filter(other -> !other.quoteId().equals(quote.quoteId()))
        .ifPresent(
            other -> {
              throw keyReused();
            });
    if (quote.rentalId() != null && !quote.rentalId().equals(rentalId)) {
      throw alreadyUsed();
    }
    Instant now = clock.instant();
    boolean unclaimed = quote.rentalId() == null;
    if (unclaimed && quote.expiredAt(now)) {
      throw expired();
    }
    if (!unclaimed && mayRunAgain && !now.isBefore(quote.expiresAt().plus(retryWindow))) {
      return false;
    }
    // Debt can arise between quote and start (another rental's tick): no new rental then.
    if (unclaimed || mayRunAgain) {
      debts.requireNoDebt(quote.userId());
    }
    boolean claimed;
    try {
      claimed = quotes.claim(quote.quoteId(), rentalId, now);
    } catch (DuplicateKeyException concurrentClaimOfAnotherQuote) {
      throw keyReused();
    }
    if (!claimed) {
      // Lost a race since the read above: someone else claimed it, or it just expired.
      Quote fresh = quotes.findById(quote.quoteId()).orElse(quote);
      throw fresh.rentalId() != null && !fresh.rentalId().equals(rentalId)
          ? alreadyUsed()
          : expired();
    }
    return true;
  }

  private static StartRentalResponse started(StartResult started) {
    return StartRentalResponse.started(
        started.rentalId(), started.powerbankId(), Instant.ofEpochMilli(started.startedAtMillis()));
  }

  /**
   * The workflow already closed: answer as the first start did (SPEC §6), from the read model.
   *
   * @param retryWindowPassed true when the quote is too old for a new run: a rental that never
   *     started is then 400 QUOTE_EXPIRED instead of its old 503
   */
  private StartRentalResponse fromReadModel(String rentalId, boolean retryWindowPassed) {
    Optional<RentalRow> found = rentals.findById(rentalId);
    if (found.isEmpty() || mayRunAgain(found.get())) {
      if (retryWindowPassed) {
        throw expired();
      }
      if (found.isEmpty()) {
        throw ApiException.rentalUnavailable();
      }
    }
    RentalRow row = found.get();
    if (row.status() == RentalStatus.FAILED) {
      throw new RentalFailedException(
          row.failureCode(), RentalFailures.messageOf(row.failureCode()));
    }
    if (row.startedAt() == null || row.powerbankId() == null) {
      throw ApiException.rentalUnavailable();
    }
    return StartRentalResponse.started(row.rentalId(), row.powerbankId(), row.startedAt());
  }

  private static ApiException keyReused() {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        ErrorCodes.IDEMPOTENCY_KEY_REUSED,
        "Idempotency-Key was already used to start a rental from a different quote");
  }

  private static ApiException alreadyUsed() {
    return ApiException.conflict(
        ErrorCodes.QUOTE_ALREADY_USED, "Quote was already used by another rental");
  }

  private static ApiException expired() {
    return ApiException.badRequest(ErrorCodes.QUOTE_EXPIRED, "Quote expired");
  }
}
