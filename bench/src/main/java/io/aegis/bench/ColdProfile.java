package io.aegis.bench;

import io.aegis.kernel.testing.KubeTestSupport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Profiling aid for cold starts ({@code bench/run.sh profile}): starts each chosen function once
 * with the production launch (extracted layout, the image's {@code JAVA_TOOL_OPTIONS}, the AOT
 * cache trained by the Dockerfile's training command), with extra JVM options on the command line
 * only ({@code --jvm="-Xlog:class+load:file=cl.log -XX:NativeMemoryTracking=summary"}, not in the
 * training), sends its cold-start event, prints the time to the first 2xx, then runs {@code jcmd}
 * commands against the process ({@code --jcmd="VM.native_memory summary;GC.class_histogram"}) into
 * the results directory, and stops it. Not a measurement: profiling options change the timing.
 */
public final class ColdProfile {
  private final BenchEnv env;
  private final FunctionLauncher launcher;
  private final List<String> functions;
  private final List<String> jvm;
  private final List<String> jcmd;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  public ColdProfile(BenchEnv env, Map<String, String> options) {
    this.env = env;
    this.launcher = new FunctionLauncher(env, options.getOrDefault("container-memory", "256m"));
    this.functions =
        List.of(options.getOrDefault("functions", String.join(",", BenchEnv.FUNCTIONS)).split(","));
    String jvmOptions = options.getOrDefault("jvm", "").strip();
    this.jvm = jvmOptions.isEmpty() ? List.of() : List.of(jvmOptions.split("\\s+"));
    String jcmdOptions = options.getOrDefault("jcmd", "").strip();
    this.jcmd = jcmdOptions.isEmpty() ? List.of() : List.of(jcmdOptions.split(";"));
  }

  public String run() throws Exception {
    Variant prod = Variant.parse("prod:prod");
    StringBuilder out = new StringBuilder();
    for (String fn : functions) {
      launcher.prepare(fn, List.of(prod));
      try (KubeTestSupport api = KubeTestSupport.start();
          Sink sink = Sink.start()) {
        Probes.Event event = Probes.prepare(fn, api);
        int port = ColdStart.freePort();
        Map<String, String> envVars =
            FunctionLauncher.environment(port, api.server().url("/"), Probes.NS, sink.url());
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Path log = env.results("logs").resolve(fn + "-profile.log");
        try (Launched p = launcher.start(fn, prod, envVars, log, false, jvm)) {
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          double millis = Double.NaN;
          int status = -1;
          while (System.nanoTime() < deadline && p.isAlive()) {
            try {
              HttpResponse<String> r =
                  http.send(event.request(base), HttpResponse.BodyHandlers.ofString());
              status = r.statusCode();
              if (status / 100 == 2) {
                millis = p.elapsedMillis();
                break;
              }
              Thread.sleep(20);
            } catch (ConnectException e) {
              Thread.sleep(5);
            } catch (IOException e) {
              Thread.sleep(5);
            }
          }
          String line =
              String.format(
                  Locale.ROOT,
                  "%s: first 2xx after %.0f ms (status %d), CPU %.0f ms, peak RSS %.1f MiB, log %s%n",
                  fn,
                  millis,
                  status,
                  p.cpuMillis(),
                  p.peakRssKiB() / 1024.0,
                  log);
          System.out.print(line);
          out.append(line);
          String threads = threadCpu(p.pid());
          System.out.print(threads);
          out.append(threads);
          int i = 0;
          for (String command : jcmd) {
            Path file = env.results(String.format("%s-jcmd-%d.txt", fn, i++));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(env.java25).resolveSibling("jcmd").toString());
            cmd.add(Long.toString(p.pid()));
            cmd.addAll(List.of(command.strip().split("\\s+")));
            Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Files.write(file, j.getInputStream().readAllBytes());
            j.waitFor();
            String note = "  jcmd " + command.strip() + " -> " + file + "\n";
            System.out.print(note);
            out.append(note);
          }
        }
      }
    }
    return out.toString();
  }

  /** CPU time per thread (user + system, /proc/<pid>/task/<tid>/stat), threads above 10 ms. */
  static String threadCpu(long pid) throws IOException {
    Map<String, Long> byName = new java.util.TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
          // pool threads ("http-nio-1-exec-3") summed under one name
          byName.merge(name.replaceAll("[0-9]+$", "#"), ms, Long::sum);
        } catch (IOException | RuntimeException e) {
          // thread gone
        }
      }
    }
    StringBuilder b = new StringBuilder("  thread CPU ms:");
    byName.entrySet().stream()
        .filter(e -> e.getValue() >= 10)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue()));
    return b.append('\n').toString();
  }
}
