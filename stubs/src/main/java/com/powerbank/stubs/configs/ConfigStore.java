package com.powerbank.stubs.configs;

import com.powerbank.stubs.web.StubException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The configs document served by {@code GET /configs}, seeded as {@code
 * {"R_BUYOUT":5000,"BILLING_TICK_SEC":30,"DEBT_CHARGE_STEP":100,"QUOTE_TTL_SEC":60,"price_coeff_settings":{"last_banks_increase":1.5}}}.
 *
 * <p>{@code R_BUYOUT} and {@code DEBT_CHARGE_STEP} are whole currency units; {@code *_SEC} are
 * seconds; {@code last_banks_increase} is a price multiplier.
 */
@Component
public class ConfigStore {

  /** Keys whose values must be non-negative whole numbers. */
  private static final Set<String> WHOLE_NUMBER_KEYS =
      Set.of(
          "R_BUYOUT",
          "BILLING_TICK_SEC",
          "DEBT_CHARGE_STEP",
          "QUOTE_TTL_SEC",
          "R_MAX_RENTAL_HOURS");

  private static final String COEFFS = "price_coeff_settings";

  private Map<String, Object> configs;

  /** Starts with the seeded configs. */
  public ConfigStore() {
    reset();
  }

  /** Restores the seeded configs. */
  public synchronized void reset() {
    Map<String, Object> seeded = new LinkedHashMap<>();
    seeded.put("R_BUYOUT", 5000);
    seeded.put("BILLING_TICK_SEC", 30);
    seeded.put("DEBT_CHARGE_STEP", 100);
    seeded.put("QUOTE_TTL_SEC", 60);
    Map<String, Object> coeffs = new LinkedHashMap<>();
    coeffs.put("last_banks_increase", 1.5);
    seeded.put(COEFFS, coeffs);
    configs = seeded;
  }

  /** A deep copy of the current configs, in seeded key order. */
  public synchronized Map<String, Object> current() {
    return deepCopy(configs);
  }

  /**
   * Merges a partial document into the configs: nested objects merge key by key, anything else
   * replaces. Known keys are checked ({@code R_BUYOUT} etc. non-negative whole numbers, {@code
   * price_coeff_settings} an object, {@code last_banks_increase} a positive number); new keys are
   * accepted as they are.
   *
   * @return the configs after the merge
   * @throws StubException 400 when a known key gets a value of the wrong kind; nothing changes then
   */
  public synchronized Map<String, Object> merge(Map<String, Object> patch) {
    if (patch == null) {
      throw StubException.badRequest("Body must be a JSON object");
    }
    validate(patch);
    Map<String, Object> next = deepCopy(configs);
    mergeInto(next, patch);
    configs = next;
    return deepCopy(configs);
  }

  private static void validate(Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        throw StubException.badRequest("Config '" + e.getKey() + "' cannot be null");
      }
      if (WHOLE_NUMBER_KEYS.contains(e.getKey()) && !isNonNegativeWhole(v)) {
        throw StubException.badRequest(
            "Config '" + e.getKey() + "' must be a non-negative whole number");
      }
      if (COEFFS.equals(e.getKey())) {
        if (!(v instanceof Map<?, ?> coeffs)) {
          throw StubException.badRequest("Config '" + COEFFS + "' must be an object");
        }
        Object inc = coeffs.get("last_banks_increase");
        if (coeffs.containsKey("last_banks_increase")
            && !(inc instanceof Number n && n.doubleValue() > 0)) {
          throw StubException.badRequest("last_banks_increase must be a positive number");
        }
      }
    }
  }

  private static boolean isNonNegativeWhole(Object v) {
    return (v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0;
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
    patch.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> nested && target.get(key) instanceof Map<?, ?> existing) {
            mergeInto((Map<String, Object>) existing, (Map<String, Object>) nested);
          } else {
            target.put(
                key, value instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : value);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach(
        (k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
    return copy;
  }
}
