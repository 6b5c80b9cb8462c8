package com.powerbank.api.quote;

import com.powerbank.api.external.Configs;
import com.powerbank.api.external.ConfigsClient;
import com.powerbank.api.external.StationData;
import com.powerbank.api.external.StationDataClient;
import com.powerbank.api.external.TariffData;
import com.powerbank.api.external.TariffsClient;
import com.powerbank.api.external.UserProfile;
import com.powerbank.api.external.UsersClient;
import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.workflows.billing.QuotePricing;
import com.powerbank.workflows.billing.Tariff;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Prices a rental at a station and stores the quote with its prices frozen (SPEC §4 quote). */
@Service
public class QuoteService {

  /** Every price is in roubles (SPEC §4). */
  public static final String CURRENCY = "RUB";

  private final OpenDebtGuard debts;
  private final StationDataClient stations;
  private final TariffsClient tariffs;
  private final UsersClient users;
  private final ConfigsClient configs;
  private final QuoteRepository quotes;
  private final Clock clock;

  public QuoteService(
      OpenDebtGuard debts,
      StationDataClient stations,
      TariffsClient tariffs,
      UsersClient users,
      ConfigsClient configs,
      QuoteRepository quotes,
      Clock clock) {
    this.debts = debts;
    this.stations = stations;
    this.tariffs = tariffs;
    this.users = users;
    this.configs = configs;
    this.quotes = quotes;
    this.clock = clock;
  }

  /**
   * Quotes a rental: the station's tariff (times {@code last_banks_increase} when at most one bank
   * is left), the deposit (halved for trusted users), valid for {@code QUOTE_TTL_SEC}.
   *
   * @return the stored quote's answer; money in whole currency units
   * @throws ApiException 409 {@code USER_HAS_DEBT}, 404 {@code STATION_NOT_FOUND}, 409 {@code
   *     NO_POWERBANKS}, 503 {@code STATIONS_UNAVAILABLE} / {@code TARIFFS_UNAVAILABLE} / {@code
   *     CONFIGS_UNAVAILABLE} / {@code TARIFF_INVALID} (negative values, or price and deposit both
   *     0: issue 6)
   */
  public QuoteResponse quote(QuoteRequest request) {
    String userId = request.userId();
    String stationId = request.stationId();
    debts.requireNoDebt(userId);
    StationData station =
        stations
            .find(stationId)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        ErrorCodes.STATION_NOT_FOUND, "Station " + stationId + " not found"));
    if (station.availablePowerbanks() <= 0) {
      throw ApiException.conflict(
          ErrorCodes.NO_POWERBANKS, "Station " + stationId + " has no powerbanks available");
    }
    TariffData tariff = tariffs.tariff(station.tariffId());
    if (!Tariff.isSensible(tariff.pricePerHour(), tariff.freePeriodMin(), tariff.deposit())) {
      throw tariffInvalid(stationId);
    }
    UserProfile profile = users.profile(userId);
    Configs current = configs.current();

    Instant now = clock.instant();
    Quote quote =
        new Quote(
            UUID.randomUUID(),
            userId,
            stationId,
            station.tariffId(),
            pricePerHour(tariff, station, current),
            tariff.freePeriodMin(),
            QuotePricing.deposit(tariff.deposit(), profile.trusted()),
            CURRENCY,
            now,
            now.plusSeconds(current.quoteTtlSec()),
            null);
    quotes.insert(quote);
    return QuoteResponse.of(quote, current.quoteTtlSec());
  }

  /** The quoted price; a tariff so large that the last-bank increase overflows is not valid. */
  private static long pricePerHour(TariffData tariff, StationData station, Configs configs) {
    try {
      return QuotePricing.pricePerHour(
          tariff.pricePerHour(), station.availablePowerbanks(), configs.lastBanksIncrease());
    } catch (ArithmeticException tooLarge) {
      throw tariffInvalid(station.id());
    }
  }

  private static ApiException tariffInvalid(String stationId) {
    return ApiException.unavailable(
        ErrorCodes.TARIFF_INVALID,
        "The tariff of station " + stationId + " is not valid; rentals there are suspended");
  }
}
