package io.aegis.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, min, max and percentiles of a sample (nearest-rank percentiles). */
public record Stats(int n, double median, double min, double max, double p50, double p99) {

  public static Stats of(List<? extends Number> values) {
    if (values.isEmpty()) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    List<Double> sorted = new ArrayList<>();
    for (Number v : values) {
      sorted.add(v.doubleValue());
    }
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return new Stats(
        n,
        median,
        sorted.get(0),
        sorted.get(n - 1),
        percentile(sorted, 50),
        percentile(sorted, 99));
  }

  /** Nearest-rank percentile of an ascending list. */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** {@code median (min–max)} with the given format, e.g. {@code "%.0f"}. */
  public String spread(String format) {
    if (n == 0) {
      return "–";
    }
    return String.format(
        Locale.ROOT, format + " (" + format + "–" + format + ")", median, min, max);
  }

  public static String ratio(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f×", value / baseline);
  }
}
