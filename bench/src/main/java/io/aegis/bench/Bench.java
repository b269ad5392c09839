package io.aegis.bench;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;

/**
 * Entry point of {@code bench/run.sh}: {@code Bench <coldstart|throughput|e2e|rules|all>
 * [--key=value ...]}. Prints a Markdown table per benchmark and writes it, with the raw samples,
 * under {@code bench/results/<timestamp>/}.
 */
public final class Bench {
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: bench/run.sh <coldstart|throughput|e2e|rules|all> [--key=value ...]");
      System.exit(2);
    }
    String what = args[0];
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !a.contains("=")) {
        System.err.println("options are --key=value, got " + a);
        System.exit(2);
      }
      options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    // The embedded API (fabric8's mock server) logs every request at INFO.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
    java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
    BenchEnv env = new BenchEnv();
    System.out.printf(
        "results: %s%nJava 17: %s%nJava 25: %s%n", env.results, env.java17, env.java25);
    StringBuilder report = new StringBuilder();
    report.append(MachineInfo.describe(env)).append('\n');
    if (what.equals("profile")) {
      System.out.println(new ColdProfile(env, options).run());
      System.exit(0);
    }
    boolean all = what.equals("all");
    if (all || what.equals("coldstart")) {
      report.append("## Cold start\n\n").append(new ColdStart(env, options).run()).append('\n');
    }
    if (all || what.equals("rules")) {
      report
          .append("## Rule matching\n\n")
          .append(new RuleMatching(env, options).run())
          .append('\n');
    }
    if (all || what.equals("throughput")) {
      report.append("## Throughput\n\n").append(new Throughput(env, options).run()).append('\n');
    }
    if (all || what.equals("e2e")) {
      report
          .append("## End-to-end latency\n\n")
          .append(new EndToEnd(env, options).run())
          .append('\n');
    }
    Files.writeString(env.results("report.md"), report);
    System.out.println();
    System.out.println(report);
    // The embedded API servers leave non-daemon threads behind.
    System.exit(0);
  }

  private Bench() {}
}
