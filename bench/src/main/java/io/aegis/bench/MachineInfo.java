package io.aegis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Date, machine, load and JDK versions: the header of every report. */
final class MachineInfo {
  static String describe(BenchEnv env) {
    StringBuilder out = new StringBuilder();
    out.append("# Aegis benchmark ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append("\n\n");
    out.append("- CPU: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(cpuModel())
        .append('\n');
    out.append("- memory: ").append(memTotal()).append('\n');
    out.append("- load average at start: ").append(read("/proc/loadavg")).append('\n');
    out.append("- default JDK: ").append(version(env.java17)).append('\n');
    out.append("- Java 25: ").append(version(env.java25)).append('\n');
    return out.toString();
  }

  static String cpuModel() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "?";
  }

  static String memTotal() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return (kib >> 20) + " GiB";
      }
    }
    return "?";
  }

  static String version(String java) {
    try {
      Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      String[] l = out.split("\n");
      return l.length > 1 ? l[1].strip() : out.strip();
    } catch (IOException | InterruptedException e) {
      return "? (" + e + ")";
    }
  }

  static String read(String path) {
    try {
      return Files.readString(Path.of(path)).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  static List<String> lines(String path) {
    try {
      return Files.readAllLines(Path.of(path));
    } catch (IOException e) {
      return List.of();
    }
  }

  private MachineInfo() {}
}
