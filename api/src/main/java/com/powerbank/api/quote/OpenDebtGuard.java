package com.powerbank.api.quote;

import com.powerbank.api.web.ApiException;
import com.powerbank.api.web.ErrorCodes;
import com.powerbank.readmodel.RentalReadModelRepository;
import org.springframework.stereotype.Component;

/**
 * "A user with unpaid debt gets no new rental" (SPEC §4, §5), checked at quote and again at start
 * (debt can arise in between).
 */
@Component
public class OpenDebtGuard {

  private final RentalReadModelRepository rentals;

  public OpenDebtGuard(RentalReadModelRepository rentals) {
    this.rentals = rentals;
  }

  /**
   * @throws ApiException 409 {@code USER_HAS_DEBT} when any of the user's debts is open
   */
  public void requireNoDebt(String userId) {
    if (rentals.openDebtOf(userId) > 0) {
      throw ApiException.conflict(
          ErrorCodes.USER_HAS_DEBT, "User has unpaid debt; no new rental until it is paid");
    }
  }
}
