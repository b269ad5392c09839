package io.aegis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process the harness started (and only ever stops itself, by its own handle). */
public final class Launched implements AutoCloseable {
  private final Process process;
  private final long startNanos;
  private final Path log;

  private Launched(Process process, long startNanos, Path log) {
    this.process = process;
    this.startNanos = startNanos;
    this.log = log;
  }

  /** Starts {@code command} in {@code dir} with {@code env} added, output to {@code log}. */
  public static Launched start(List<String> command, Map<String, String> env, Path dir, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    try {
      Files.createDirectories(log.getParent());
      pb.redirectOutput(log.toFile());
      long t0 = System.nanoTime();
      Process p = pb.start();
      return new Launched(p, t0, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long startNanos() {
    return startNanos;
  }

  public double elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  public Path log() {
    return log;
  }

  /** Peak resident set size so far ({@code VmHWM} of /proc/<pid>/status), in KiB; -1 if gone. */
  public long peakRssKiB() {
    return statusKiB("VmHWM:");
  }

  public long rssKiB() {
    return statusKiB("VmRSS:");
  }

  private long statusKiB(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU time the process has used so far (user + system, all its threads), in milliseconds, from
   * /proc/<pid>/stat (clock ticks of 10 ms); -1 if gone. Much less disturbed by other load on the
   * machine than wall time.
   */
  public double cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state=0 ... utime=11, stime=12
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Waits for the process to exit on its own; its exit code, or -1 on timeout (then killed). */
  public int waitFor(long seconds) {
    try {
      if (process.waitFor(seconds, TimeUnit.SECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    return -1;
  }

  /** SIGTERM, then SIGKILL after 15 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The last lines of the log, for error messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }
}
