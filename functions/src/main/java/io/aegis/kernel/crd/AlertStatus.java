package io.aegis.kernel.crd;

import java.util.Locale;
import java.util.Optional;

/** Whether the alerting condition is still present. */
public enum AlertStatus {
  Firing,
  Resolved;

  /** Parses case-insensitively ({@code firing}, {@code RESOLVED}); empty for anything else. */
  public static Optional<AlertStatus> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (AlertStatus s : values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(v)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
