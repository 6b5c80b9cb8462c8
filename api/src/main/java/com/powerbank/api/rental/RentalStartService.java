package com.powerbank.api.rental;

import com.powerbank.activities.ledger.RentalReadModelRepository;
import com.powerbank.activities.ledger.RentalRow;
import com.powerbank.api.external.Configs;
import com.powerbank.api.external.ConfigsClient;
import com.powerbank.api.quote.OpenDebtGuard;
import com.powerbank.api.quote.Quote;
import com.powerbank.api.quote.QuoteRepository;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.workflows.billing.RentalTerms;
import com.powerbank.workflows.billing.Tariff;
import com.powerbank.workflows.rental.RentalFailures;
import com.powerbank.workflows.rental.RentalIds;
import com.powerbank.workflows.rental.RentalInput;
import com.powerbank.workflows.rental.RentalStatus;
import com.powerbank.workflows.rental.StartResult;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Starts a rental from a quote (SPEC §4 start, §6 idempotency): claims the quote for the rental id
 * derived from the quote's user and the {@code Idempotency-Key}, then starts (or joins) the rental
 * workflow with Update-with-Start and waits until the deposit is held and the powerbank ejected.
 */
@Service
public class RentalStartService {

  private final QuoteRepository quotes;
  private final ConfigsClient configs;
  private final RentalWorkflows workflows;
  private final RentalReadModelRepository rentals;
  private final OpenDebtGuard debts;
  private final Clock clock;

  public RentalStartService(
      QuoteRepository quotes,
      ConfigsClient configs,
      RentalWorkflows workflows,
      RentalReadModelRepository rentals,
      OpenDebtGuard debts,
      Clock clock) {
    this.quotes = quotes;
    this.configs = configs;
    this.workflows = workflows;
    this.rentals = rentals;
    this.debts = debts;
    this.clock = clock;
  }

  /**
   * @param key the request's {@code Idempotency-Key}
   * @param quoteId the quote to rent by (already checked to be a UUID)
   * @return the started rental; the same answer for the same key and quote, also after the rental
   *     ended
   * @throws ApiException 404 QUOTE_NOT_FOUND, 422 IDEMPOTENCY_KEY_REUSED, 409 QUOTE_ALREADY_USED,
   *     409 USER_HAS_DEBT, 400 QUOTE_EXPIRED, 503 CONFIGS_UNAVAILABLE / TEMPORAL_UNAVAILABLE /
   *     RENTAL_TIMEOUT
   * @throws RentalFailedException 402 DEPOSIT_DECLINED, 409 EJECT_FAILED, 503 PAYMENTS_UNAVAILABLE
   */
  public StartRentalResponse start(UUID key, UUID quoteId) {
    Quote quote =
        quotes
            .findById(quoteId)
            .orElseThrow(
                () -> ApiException.notFound(ErrorCodes.QUOTE_NOT_FOUND, "Quote not found"));
    UUID rentalId = UUID.fromString(RentalIds.rentalId(quote.userId(), key));
    claim(quote, rentalId);

    Configs current = configs.current();
    RentalTerms terms =
        new RentalTerms(
            new Tariff(quote.pricePerHour(), quote.freePeriodMin(), quote.deposit()),
            current.buyoutPrice(),
            current.billingTickSec(),
            current.debtChargeStep(),
            current.maxRentalHours());
    RentalInput input =
        RentalInput.fresh(
            rentalId.toString(), quoteId.toString(), quote.userId(), quote.stationId(), terms);
    try {
      StartResult started = workflows.start(input);
      return StartRentalResponse.started(
          started.rentalId(),
          started.powerbankId(),
          Instant.ofEpochMilli(started.startedAtMillis()));
    } catch (RentalWorkflows.RentalClosedException closed) {
      return fromReadModel(rentalId.toString(), closed);
    }
  }

  /**
   * Ties the quote to the rental. Order matters: a key that already started a rental from another
   * quote is 422 even when this quote is used or expired.
   */
  private void claim(Quote quote, UUID rentalId) {
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
    if (quote.rentalId() == null && quote.expiredAt(now)) {
      throw expired();
    }
    // Debt can arise between quote and start (another rental's tick): no new rental then.
    if (quote.rentalId() == null) {
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
  }

  /** The workflow already closed: answer as the first start did (SPEC §6), from the read model. */
  private StartRentalResponse fromReadModel(String rentalId, RuntimeException closed) {
    RentalRow row = rentals.findById(rentalId).orElseThrow(() -> closed);
    if (row.status() == RentalStatus.FAILED) {
      throw new RentalFailedException(
          row.failureCode(), RentalFailures.messageOf(row.failureCode()));
    }
    if (row.startedAt() == null || row.powerbankId() == null) {
      throw closed;
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
