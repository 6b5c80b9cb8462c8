package com.powerbank.workflows.rental;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;

/**
 * Search attributes of rental workflows (SPEC §8), all Keyword, registered on the server by {@code
 * make run} so rentals can be found in the Temporal Web UI.
 */
public final class RentalSearchAttributes {

  public static final SearchAttributeKey<String> RENTAL_STATUS =
      SearchAttributeKey.forKeyword("RentalStatus");
  public static final SearchAttributeKey<String> USER_ID = SearchAttributeKey.forKeyword("UserId");
  public static final SearchAttributeKey<String> STATION_ID =
      SearchAttributeKey.forKeyword("StationId");
  public static final SearchAttributeKey<String> POWERBANK_ID =
      SearchAttributeKey.forKeyword("PowerbankId");

  private RentalSearchAttributes() {}

  /** The attributes a rental starts with: status PENDING, its user and station. */
  public static SearchAttributes atStart(String userId, String stationId) {
    return SearchAttributes.newBuilder()
        .set(RENTAL_STATUS, RentalStatus.PENDING.name())
        .set(USER_ID, userId)
        .set(STATION_ID, stationId)
        .build();
  }
}
