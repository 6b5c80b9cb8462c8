package com.powerbank.stubs.admin;

import com.powerbank.stubs.payments.HoldView;
import com.powerbank.stubs.payments.LedgerEntry;
import com.powerbank.stubs.stations.StationSummary;
import com.powerbank.stubs.users.UserSnapshot;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/state}: {@code
 * {"stations":{id:{"tariff_id","available_powerbanks"}},"users":{id:{"balance","trusted","has_subscription","decline_charges","decline_holds"}},"holds":[...],"ledger":[...],"charged_by_order":{order_id:sum}}}.
 *
 * @param stations every station
 * @param users every user seen since the last reset
 * @param holds holds (only the order's when filtered)
 * @param ledger ledger entries in time order (only the order's when filtered)
 * @param chargedByOrder sum of successful CHARGE and CAPTURE amounts per order (whole currency
 *     units)
 */
public record StubState(
    Map<String, StationSummary> stations,
    Map<String, UserSnapshot> users,
    List<HoldView> holds,
    List<LedgerEntry> ledger,
    Map<String, Long> chargedByOrder) {}
