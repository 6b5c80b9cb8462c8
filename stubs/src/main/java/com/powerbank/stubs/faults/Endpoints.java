package com.powerbank.stubs.faults;

import java.util.List;
import java.util.Set;

/** Names of the endpoints a fault can target: the request path without its leading slash. */
public final class Endpoints {

  /** Payment endpoints: a forced decline answers 400 Insufficient funds. */
  public static final Set<String> PAYMENTS =
      Set.of(
          "hold-money-for-order",
          "clear-money-for-order",
          "release-money-for-order",
          "capture-held-money-for-order",
          "refund-money-for-order");

  /** The eject endpoint: a forced decline answers {@code {"success":false}}. */
  public static final String EJECT = "eject-powerbank";

  /** The return endpoint (our extension). */
  public static final String RETURN = "return-powerbank";

  /** Every endpoint a fault can target, in documentation order. */
  public static final List<String> ALL =
      List.of(
          "station-data",
          "tariff",
          "user-profile",
          "configs",
          EJECT,
          "hold-money-for-order",
          "clear-money-for-order",
          "release-money-for-order",
          "capture-held-money-for-order",
          "refund-money-for-order",
          RETURN);

  private Endpoints() {}

  /** Whether {@code name} is an endpoint a fault can target. */
  public static boolean isKnown(String name) {
    return ALL.contains(name);
  }

  /** Whether {@code decline=true} means something for this endpoint. */
  public static boolean canDecline(String name) {
    return PAYMENTS.contains(name) || EJECT.equals(name);
  }
}
