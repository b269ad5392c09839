package io.aegis.diagnose;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax ({@code time.ParseDuration}), as {@code spec.timeout} uses it: a sequence of
 * decimal numbers, each with an optional fraction and a unit, e.g. {@code 90s}, {@code 1.5h},
 * {@code 2h45m}; units {@code ns}, {@code us} ({@code µs}), {@code ms}, {@code s}, {@code m},
 * {@code h}.
 */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a Go duration
   */
  static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration '" + text + "'");
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int pos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos || m.group(1).isEmpty() || m.group(1).equals(".")) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "' (use e.g. 90s, 5m, 1h30m)");
      }
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      pos = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  /**
   * Go's {@code Duration.String()} for whole milliseconds and up: {@code 5m0s}, {@code 1h30m0s}.
   */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder s = new StringBuilder(d.isNegative() ? "-" : "");
    Duration a = d.abs();
    long hours = a.toHours();
    int minutes = a.toMinutesPart();
    BigDecimal seconds =
        BigDecimal.valueOf(a.toSecondsPart())
            .add(BigDecimal.valueOf(a.toNanosPart(), 9))
            .stripTrailingZeros();
    if (a.compareTo(Duration.ofSeconds(1)) < 0) {
      return s.append(BigDecimal.valueOf(a.toNanos(), 6).stripTrailingZeros().toPlainString())
          .append("ms")
          .toString();
    }
    if (hours > 0) {
      s.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      s.append(minutes).append('m');
    }
    return s.append(seconds.toPlainString()).append('s').toString();
  }
}
