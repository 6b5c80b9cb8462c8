package com.powerbank.stubs.faults;

import com.powerbank.stubs.web.StubException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The faults in force, at most one per endpoint; expired faults vanish on their own. */
@Component
public class FaultRegistry {

  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  /**
   * Sets (replaces) the fault for {@code request.endpoint()}.
   *
   * @return the fault now in force
   * @throws StubException 400 for an unknown endpoint, or decline on an endpoint that cannot
   *     decline
   */
  public Fault set(FaultRequest request) {
    String endpoint = request.endpoint();
    if (!Endpoints.isKnown(endpoint)) {
      throw StubException.badRequest(
          "Unknown endpoint '" + endpoint + "'; one of " + String.join(", ", Endpoints.ALL));
    }
    boolean decline = Boolean.TRUE.equals(request.decline());
    if (decline && !Endpoints.canDecline(endpoint)) {
      throw StubException.badRequest(
          "decline applies only to payment endpoints and eject-powerbank, not " + endpoint);
    }
    Instant expiresAt =
        request.durationSec() == null ? null : clock.instant().plusSeconds(request.durationSec());
    Fault fault =
        new Fault(
            endpoint,
            request.errorRate() == null ? 0.0 : request.errorRate(),
            request.delayMs() == null ? 0L : request.delayMs(),
            decline,
            request.durationSec(),
            expiresAt);
    faults.put(endpoint, fault);
    return fault;
  }

  /** The fault in force for {@code endpoint} now, if any. */
  public Optional<Fault> active(String endpoint) {
    Fault fault = faults.get(endpoint);
    if (fault == null) {
      return Optional.empty();
    }
    if (fault.expiredAt(clock.instant())) {
      faults.remove(endpoint, fault);
      return Optional.empty();
    }
    return Optional.of(fault);
  }

  /** Whether declines are forced on {@code endpoint} right now. */
  public boolean declineForced(String endpoint) {
    return active(endpoint).map(Fault::decline).orElse(false);
  }

  /** Every fault in force, by endpoint name. */
  public List<Fault> list() {
    return Endpoints.ALL.stream()
        .map(this::active)
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(Fault::endpoint))
        .toList();
  }

  /** Removes every fault; returns how many were in force. */
  public int clear() {
    int count = list().size();
    faults.clear();
    return count;
  }

  /** Removes the fault of one endpoint; returns whether there was one. */
  public boolean clear(String endpoint) {
    return active(endpoint).isPresent() && faults.remove(endpoint) != null;
  }
}
