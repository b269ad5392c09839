package io.aegis.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throughput benchmark's Markdown table: parse-alert variants against the raw-API baselines.
 */
final class ThroughputReport {
  static final String RAW = "raw API";
  static final String RAW_WITH_STATUS = "raw API: create + status patch";

  private ThroughputReport() {}

  static String table(List<Throughput.Phase> phases) {
    Table t =
        new Table(
            "phase",
            "who",
            "alerts/s, median (min–max)",
            "× raw API (throughput)",
            "× create + status patch",
            "latency p50 ms",
            "latency p99 ms",
            "API requests per alert",
            "CPU ms per alert: parse-alert / harness (API, senders)");
    for (String phase : List.of("new", "repeat")) {
      List<String> whos = new ArrayList<>();
      phases.stream()
          .map(Throughput.Phase::who)
          .filter(w -> w.startsWith("parse-alert"))
          .distinct()
          .forEach(whos::add);
      whos.add(RAW);
      whos.add(RAW_WITH_STATUS);
      for (String who : whos) {
        List<Throughput.Phase> mine =
            phases.stream().filter(p -> p.phase().equals(phase) && p.who().equals(who)).toList();
        if (mine.isEmpty()) {
          continue;
        }
        List<Double> all = new ArrayList<>();
        mine.forEach(p -> all.addAll(p.latencyMs()));
        Stats l = Stats.of(all);
        t.row(
            phase,
            who,
            Stats.of(mine.stream().map(Throughput.Phase::perSecond).toList()).spread("%.0f"),
            who.equals(RAW) ? "1 (baseline)" : ratio(phases, mine, RAW),
            who.equals(RAW_WITH_STATUS)
                ? "1"
                : phase.equals("new") ? ratio(phases, mine, RAW_WITH_STATUS) : "–",
            String.format(Locale.ROOT, "%.1f", l.p50()),
            String.format(Locale.ROOT, "%.1f", l.p99()),
            String.format(
                Locale.ROOT,
                "%.2f",
                Stats.of(mine.stream().map(Throughput.Phase::apiRequestsPerOp).toList()).median()),
            (who.startsWith("parse-alert")
                    ? String.format(
                        Locale.ROOT,
                        "%.2f",
                        Stats.of(mine.stream().map(Throughput.Phase::parseAlertCpuMsPerOp).toList())
                            .median())
                    : "–")
                + String.format(
                    Locale.ROOT,
                    " / %.2f",
                    Stats.of(mine.stream().map(Throughput.Phase::harnessCpuMsPerOp).toList())
                        .median()));
      }
    }
    return t.markdown();
  }

  /** Median over rounds of {@code mine}'s throughput ÷ {@code baseline}'s in the same round. */
  private static String ratio(
      List<Throughput.Phase> phases, List<Throughput.Phase> mine, String baseline) {
    List<Double> ratios = new ArrayList<>();
    for (Throughput.Phase p : mine) {
      phases.stream()
          .filter(
              b ->
                  b.phase().equals(p.phase()) && b.who().equals(baseline) && b.round() == p.round())
          .findFirst()
          .ifPresent(b -> ratios.add(p.perSecond() / b.perSecond()));
    }
    return ratios.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", Stats.of(ratios).median());
  }
}
