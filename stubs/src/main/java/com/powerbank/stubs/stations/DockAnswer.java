package com.powerbank.stubs.stations;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of eject and return: {@code {"success":true,"powerbank_id":"pb-000001"}} after an eject,
 * {@code {"success":true}} after a return, {@code {"success":false}} when nothing was ejected.
 *
 * @param success whether the station did it
 * @param powerbankId the ejected bank, only on a successful eject
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DockAnswer(boolean success, String powerbankId) {

  /** {@code {"success":false}}. */
  public static final DockAnswer FAILED = new DockAnswer(false, null);

  /** {@code {"success":true}}. */
  public static final DockAnswer DOCKED = new DockAnswer(true, null);
}
