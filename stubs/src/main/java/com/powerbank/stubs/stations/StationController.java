package com.powerbank.stubs.stations;

import com.powerbank.stubs.faults.Endpoints;
import com.powerbank.stubs.faults.FaultRegistry;
import com.powerbank.stubs.web.IdempotentAnswers;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The station system: station data, eject (the external contract) and return (our extension). */
@RestController
public class StationController {

  private final StationRegistry stations;
  private final FaultRegistry faults;
  private final IdempotentAnswers answers;

  StationController(StationRegistry stations, FaultRegistry faults, IdempotentAnswers answers) {
    this.stations = stations;
    this.faults = faults;
    this.answers = answers;
  }

  /**
   * {@code GET /station-data?id=S} → {@code
   * {"id":"S","tariff_id":"tariff-1","location":{"lat":55.7558,"lon":37.6173},"available_powerbanks":5}};
   * 404 {@code STATION_NOT_FOUND}.
   */
  @GetMapping("/station-data")
  public StationData stationData(@RequestParam String id) {
    return stations.get(id).data();
  }

  /**
   * {@code POST /eject-powerbank {"station_id":"S"}} → 200 {@code
   * {"success":true,"powerbank_id":"pb-000001"}}, or 200 {@code {"success":false}} when the station
   * is empty (or a fault forces it); 404 {@code STATION_NOT_FOUND}. An optional {@code
   * Idempotency-Key} makes a retry answer the first answer without taking another bank.
   */
  @PostMapping("/eject-powerbank")
  public ResponseEntity<Object> eject(
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @Valid @RequestBody EjectRequest request) {
    return answers.once(
        Endpoints.EJECT,
        key,
        () -> {
          stations.get(request.stationId());
          if (faults.declineForced(Endpoints.EJECT)) {
            return ResponseEntity.ok(DockAnswer.FAILED);
          }
          DockAnswer answer =
              stations
                  .eject(request.stationId())
                  .map(id -> new DockAnswer(true, id))
                  .orElse(DockAnswer.FAILED);
          return ResponseEntity.ok(answer);
        });
  }

  /**
   * Extension. {@code POST /return-powerbank {"station_id","powerbank_id"}} → 200 {@code
   * {"success":true}}; the inventory grows by one unless that bank is already docked. 404 {@code
   * STATION_NOT_FOUND}. An optional {@code Idempotency-Key} makes a late retry answer the first
   * answer without docking again (the bank may have been handed out again meanwhile).
   */
  @PostMapping("/return-powerbank")
  public ResponseEntity<Object> returnPowerbank(
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @Valid @RequestBody ReturnRequest request) {
    return answers.once(
        Endpoints.RETURN,
        key,
        () -> {
          stations.dock(request.stationId(), request.powerbankId());
          return ResponseEntity.ok(DockAnswer.DOCKED);
        });
  }
}
