package io.aegis.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rule matching time per alert with 10 / 1,000 / 10,000 rules: {@link RuleMatchingMain} in a Java
 * 25 process on match-rule's production classpath with the image's {@code JAVA_TOOL_OPTIONS} (so C1
 * only, as in the pod), index vs linear-scan baseline timed in alternation.
 */
public final class RuleMatching {
  private final BenchEnv env;
  private final FunctionLauncher launcher;
  private final int samples;
  private final List<String> sizes;

  public RuleMatching(BenchEnv env, Map<String, String> options) {
    this.env = env;
    this.launcher = new FunctionLauncher(env, options.getOrDefault("container-memory", "256m"));
    this.samples = Integer.parseInt(options.getOrDefault("runs", "7"));
    this.sizes = List.of(options.getOrDefault("rules", "10,1000,10000").split(","));
  }

  public String run() throws Exception {
    launcher.prepare("match-rule", List.of());
    ProductionLayout layout = launcher.layout("match-rule");
    List<String> cmd = new ArrayList<>();
    cmd.add(env.java25);
    if (!launcher.containerMemory().equals("none")) {
      cmd.add("-XX:MaxRAM=" + launcher.containerMemory());
    }
    cmd.add("-cp");
    cmd.add("application.jar:" + env.benchClasses);
    cmd.add(RuleMatchingMain.class.getName());
    cmd.add(Integer.toString(samples));
    cmd.addAll(sizes);
    System.out.printf("rule matching: %s rules, %d samples each%n", sizes, samples);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(layout.app().toFile());
    pb.environment().put("JAVA_TOOL_OPTIONS", layout.javaToolOptions(""));
    pb.redirectError(env.results("logs").resolve("rules.err").toFile());
    Files.createDirectories(env.results("logs"));
    Process p = pb.start();
    Map<String, List<Double>> byKey = new LinkedHashMap<>();
    Map<String, Double> build = new LinkedHashMap<>();
    StringBuilder csv = new StringBuilder("rules,who,sample,ns_per_alert\n");
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        if (f.length != 4) {
          continue;
        }
        csv.append(line).append('\n');
        if (f[1].equals("build")) {
          build.put(f[0], Double.parseDouble(f[3]));
        } else {
          byKey
              .computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>())
              .add(Double.parseDouble(f[3]));
          System.out.printf("  %s rules, %-11s sample %s: %s ns/alert%n", f[0], f[1], f[2], f[3]);
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "rule benchmark failed, see " + env.results("logs").resolve("rules.err"));
    }
    Files.writeString(env.results("rules.csv"), csv);
    Table t =
        new Table(
            "rules",
            "index: µs per alert, median (min–max)",
            "linear scan (baseline): µs per alert",
            "index ÷ scan",
            "index build ms");
    for (String n : sizes) {
      List<Double> idx = byKey.getOrDefault(n + ",index", List.of());
      List<Double> scan = byKey.getOrDefault(n + ",linear scan", List.of());
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < Math.min(idx.size(), scan.size()); i++) {
        ratios.add(idx.get(i) / scan.get(i));
      }
      t.row(
          String.format(Locale.ROOT, "%,d", Integer.parseInt(n)),
          Stats.of(idx.stream().map(d -> d / 1000).toList()).spread("%.3f"),
          Stats.of(scan.stream().map(d -> d / 1000).toList()).spread("%.3f"),
          String.format(Locale.ROOT, "%.3f", Stats.of(ratios).median()),
          String.format(Locale.ROOT, "%.1f", build.getOrDefault(n, Double.NaN)));
    }
    String table =
        t.markdown()
            + "\nmatch-rule's RuleIndex.select on its production classpath, Java 25 with the image's"
            + " JAVA_TOOL_OPTIONS (C1 only); 99% exact-type rules, 1% regex rules, half with a"
            + " matchLabels selector; alerts 70% exact hits, 20% regex hits, 10% no rule.\n";
    Files.writeString(env.results("rules.md"), table);
    return table;
  }
}
