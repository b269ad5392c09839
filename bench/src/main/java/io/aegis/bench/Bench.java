package io.aegis.bench;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

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
    BenchEnv env = new BenchEnv();
    System.out.printf(
        "results: %s%nJava 17: %s%nJava 25: %s%n", env.results, env.java17, env.java25);
    StringBuilder report = new StringBuilder();
    report.append(MachineInfo.describe(env)).append('\n');
    boolean all = what.equals("all");
    if (all || what.equals("coldstart")) {
      report.append("## Cold start\n\n").append(new ColdStart(env, options).run()).append('\n');
    }
    Files.writeString(env.results("report.md"), report);
    System.out.println();
    System.out.println(report);
    // The embedded API servers leave non-daemon threads behind.
    System.exit(0);
  }

  private Bench() {}
}
