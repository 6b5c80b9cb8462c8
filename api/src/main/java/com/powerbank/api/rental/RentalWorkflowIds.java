package com.powerbank.api.rental;

/**
 * The workflow id of a rental (issue 9): {@code rental-<rental id>}, which a person tells apart in
 * the Temporal Web UI from other workflows. Rentals started before it run under their bare rental
 * id; the api finds both ({@code RentalWorkflows}). The rental id itself (API, read model,
 * idempotency keys sent to payments and stations) is unchanged: the workflow takes it from its
 * input, never from its workflow id.
 */
public final class RentalWorkflowIds {

  /** Prefix of the workflow ids of rentals. */
  public static final String PREFIX = "rental-";

  private RentalWorkflowIds() {}

  /** The workflow id of a rental started since issue 9. */
  public static String of(String rentalId) {
    return PREFIX + rentalId;
  }

  /** The workflow id of a rental started before issue 9: the rental id itself. */
  public static String legacy(String rentalId) {
    return rentalId;
  }
}
