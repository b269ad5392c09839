package io.aegis.kernel.config;

import java.time.Duration;

/**
 * Start-up checks of configuration values, for the compact constructors of the {@code *Properties}
 * records: each throws an {@link IllegalArgumentException} naming the property as it is written in
 * configuration ({@code aegis.sink.attempts}), the rule and the rejected value, so a bad value
 * fails the start with a clear reason (Spring reports it as the cause of the binding failure).
 *
 * <p>Why not Jakarta Bean Validation ({@code @Validated} with {@code @Min}, {@code @NotBlank}…):
 * its provider, Hibernate Validator with the expression language, is some 750 classes and a
 * bootstrap on every start of every function, about a tenth of a scale-from-zero cold start
 * (docs/performance.md) — for a dozen comparisons. The checks also hold for records built in code,
 * not only for bound ones.
 */
public final class PropertyChecks {
  private PropertyChecks() {}

  /** {@code value}, which must not be null. */
  public static <T> T required(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return value;
  }

  /** {@code value}, which must contain a non-blank character. */
  public static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank" + (value == null ? "" : ", got '" + value + "'"));
    }
    return value;
  }

  /** {@code value}, which must be set and longer than zero. */
  public static Duration positive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
    return value;
  }

  /** {@code value}, which must be at least {@code min}. */
  public static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** {@code value}, which must be within {@code [min, max]}. */
  public static long between(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code value}, which must be set and within {@code [min, max]}. */
  public static double between(String name, Double value, double min, double max) {
    required(name, value);
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }
}
