package com.powerbank.readmodel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.lang.Nullable;

/** Conversions between Java values and the column types of the schema (UUID, TIMESTAMPTZ). */
final class Columns {

  private Columns() {}

  /** A rental or quote id as the UUID column expects; empty when the text is not a UUID. */
  static Optional<UUID> uuid(@Nullable String id) {
    if (id == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }

  /** A rental id that must be a UUID: ids come from {@code RentalIds} (SPEC §6). */
  static UUID requireUuid(String id, String what) {
    return uuid(id).orElseThrow(() -> new IllegalArgumentException(what + " is not a UUID: " + id));
  }

  /** Epoch milliseconds as a TIMESTAMPTZ parameter; null stays null. */
  @Nullable
  static OffsetDateTime timestamp(@Nullable Long epochMillis) {
    return epochMillis == null
        ? null
        : OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  /** A TIMESTAMPTZ column as an {@link Instant}; null stays null. */
  @Nullable
  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
