package com.powerbank.stubs.admin;

import com.powerbank.stubs.configs.ConfigStore;
import com.powerbank.stubs.faults.FaultRegistry;
import com.powerbank.stubs.payments.PaymentBook;
import com.powerbank.stubs.stations.StationRegistry;
import com.powerbank.stubs.tariffs.TariffCatalog;
import com.powerbank.stubs.web.IdempotentAnswers;
import org.springframework.stereotype.Component;

/** Puts every simulated system back to its seeded state, as on a fresh start. */
@Component
public class StubReset {

  private final FaultRegistry faults;
  private final IdempotentAnswers answers;
  private final PaymentBook payments;
  private final StationRegistry stations;
  private final TariffCatalog tariffs;
  private final ConfigStore configs;

  StubReset(
      FaultRegistry faults,
      IdempotentAnswers answers,
      PaymentBook payments,
      StationRegistry stations,
      TariffCatalog tariffs,
      ConfigStore configs) {
    this.faults = faults;
    this.answers = answers;
    this.payments = payments;
    this.stations = stations;
    this.tariffs = tariffs;
    this.configs = configs;
  }

  /**
   * Clears faults and remembered Idempotency-Key answers, forgets users, holds and the ledger, and
   * restores seeded stations, tariffs and configs. The powerbank id counter is kept, so ids stay
   * unique across resets.
   */
  public synchronized void resetAll() {
    faults.clear();
    answers.clear();
    payments.reset();
    stations.reset();
    tariffs.reset();
    configs.reset();
  }
}
