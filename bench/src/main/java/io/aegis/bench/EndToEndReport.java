package io.aegis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The end-to-end benchmark's Markdown table: Aegis against the raw-API baseline, per path. */
final class EndToEndReport {
  /**
   * @param runners the suffix of each runner's rows ({@code ""} for a single runner, {@code "
   *     after"}…), each compared with the baseline measured on its own API
   */
  static String table(
      List<EndToEnd.Round> rounds,
      List<String> runners,
      int alerts,
      Duration interval,
      String simulationDelay) {
    Table t =
        new Table(
            "path",
            "who",
            "p50 ms (all alerts)",
            "p99 ms (all alerts)",
            "p50 per round: median (min–max)",
            "× raw API (p50)",
            "alerts measured");
    for (String path : List.of("alert → Workflow created", "alert → alert Succeeded")) {
      for (String runner : runners) {
        for (String who : List.of("aegis" + runner, "raw API" + runner)) {
          boolean toWf = path.contains("Workflow");
          String raw = "raw API" + runner;
          if (!toWf && who.equals(raw)) {
            continue;
          }
          List<EndToEnd.Round> mine = rounds.stream().filter(r -> r.who().equals(who)).toList();
          List<Double> all = new ArrayList<>();
          List<Double> p50 = new ArrayList<>();
          for (EndToEnd.Round r : mine) {
            List<Double> values = toWf ? r.toWorkflow() : r.toSucceeded();
            all.addAll(values);
            p50.add(Stats.of(values).p50());
          }
          List<Double> baseline = new ArrayList<>();
          rounds.stream()
              .filter(r -> r.who().equals(raw))
              .forEach(r -> baseline.addAll(r.toWorkflow()));
          Stats s = Stats.of(all);
          t.row(
              path,
              who,
              String.format(Locale.ROOT, "%.1f", s.p50()),
              String.format(Locale.ROOT, "%.1f", s.p99()),
              Stats.of(p50).spread("%.1f"),
              who.equals(raw)
                  ? "1 (baseline)"
                  : toWf
                      ? String.format(Locale.ROOT, "%.2f", s.p50() / Stats.of(baseline).p50())
                      : "–",
              all.size());
        }
      }
    }
    List<Double> writesP50 = new ArrayList<>();
    rounds.stream()
        .filter(r -> r.who().startsWith("raw API"))
        .forEach(r -> writesP50.add(Stats.of(r.writesOnly()).p50()));
    return t.markdown()
        + String.format(
            Locale.ROOT,
            "%nBaseline detail: the harness's two writes return after p50 %s ms (the watch event"
                + " can arrive before the create call returns).",
            Stats.of(writesP50).spread("%.1f"))
        + String.format(
            Locale.ROOT,
            "%nLocal runner (all functions in one JVM, default JDK, JIT warm), %d alerts per round"
                + " posted every %d ms (a steady pace, below saturation, so the figures are latency,"
                + " not queueing); Succeeded includes the simulation's 2 × %s.%n",
            alerts,
            interval.toMillis(),
            simulationDelay);
  }

  private EndToEndReport() {}
}
