package io.aegis.kernel.kube;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Timestamps as Kubernetes writes them ({@code metav1.Time}): RFC 3339 in UTC with whole seconds,
 * e.g. {@code 2025-01-02T03:04:05Z}. Every time Aegis stores in a status goes through here, so that
 * values compare and sort as strings and an unchanged second does not cause a status write.
 */
public final class Timestamps {
  /** The clock's current instant, formatted. */
  public static String now(Clock clock) {
    return format(clock.instant());
  }

  /** {@code instant} truncated to seconds, formatted. */
  public static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses an RFC 3339 timestamp; empty when {@code value} is null or not a timestamp. */
  public static Optional<Instant> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.trim()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Timestamps() {}
}
