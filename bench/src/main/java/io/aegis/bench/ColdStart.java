package io.aegis.bench;

import io.aegis.kernel.testing.KubeTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start of each function: process start → first CloudEvent answered 2xx (or, for a module
 * without a function bean yet, first 2xx readiness probe), and peak RSS ({@code VmHWM}) at that
 * moment. Variants, all started fresh for every sample and interleaved in rotating order so that
 * machine noise hits them alike:
 *
 * <ul>
 *   <li>{@code jar} (a): {@code java -jar <fat jar>} on the default JDK;
 *   <li>{@code prod} (b): the Dockerfile's launch on Java 25 — extracted layout, the image's {@code
 *       JAVA_TOOL_OPTIONS}, AOT cache trained by the Dockerfile's training command;
 *   <li>{@code bare} (c, baseline of b): the JDK's {@code HttpServer} answering the same request,
 *       on Java 25 with the image's {@code JAVA_TOOL_OPTIONS};
 *   <li>{@code bare17} (baseline of a): the same on the default JDK.
 * </ul>
 *
 * Every variant runs under an emulated container memory limit ({@code -XX:MaxRAM}, default 256m as
 * knative/300-services), so that heap sizing is what it is in the pod and not this host's.
 */
public final class ColdStart {
  record Sample(
      int run,
      String function,
      String variant,
      String mode,
      double millis,
      double cpuMillis,
      long peakRssKiB,
      double springStarted,
      double jvmUptime,
      int status) {}

  static final String DEFAULT_VARIANTS = "jar:jar17,prod:prod,bare:bare25,bare17:bare17";
  private static final Pattern STARTED =
      Pattern.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

  private final BenchEnv env;
  private final FunctionLauncher launcher;
  private final List<String> functions;
  private final List<Variant> variants;
  private final int runs;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** Per function: "event" when its CloudEvent is answered 2xx, else "health (<status>)". */
  private final Map<String, String> modes = new LinkedHashMap<>();

  public ColdStart(BenchEnv env, Map<String, String> options) {
    this.env = env;
    this.launcher = new FunctionLauncher(env, options.getOrDefault("container-memory", "256m"));
    this.functions =
        List.of(options.getOrDefault("functions", String.join(",", BenchEnv.FUNCTIONS)).split(","));
    this.variants = Variant.parseList(options.getOrDefault("variants", DEFAULT_VARIANTS));
    this.runs = Integer.parseInt(options.getOrDefault("runs", "5"));
  }

  public String run() throws Exception {
    System.out.printf(
        "cold start: %d functions × %d variants × %d runs (+1 warm-up); Dockerfile JAVA_TOOL_OPTIONS=%s%n",
        functions.size(), variants.size(), runs, launcher.dockerfile().javaToolOptions());
    for (String fn : functions) {
      launcher.prepare(fn, variants);
      for (Variant v : variants) {
        if (v.kind() == Variant.Kind.PROD_WORKLOAD && launcher.needsWorkloadTraining(fn, v)) {
          System.out.printf("  training AOT cache %s/%s with a workload ...%n", fn, v.name());
          measure(-1, fn, v, "event");
          launcher.workloadTrained(fn, v);
        }
      }
    }
    List<Sample> samples = new ArrayList<>();
    Path csv = env.results("coldstart.csv");
    Files.writeString(
        csv,
        "run,function,variant,mode,millis,cpu_millis,peak_rss_kib,spring_started_s,jvm_uptime_s,status\n");
    for (String fn : functions) {
      Variant warm = variants.stream().filter(v -> !v.isBare()).findFirst().orElse(variants.get(0));
      Sample s = measure(0, fn, warm, null);
      System.out.printf(
          "  warm-up %-16s %-6s mode=%s %.0f ms%n", fn, warm.name(), modes.get(fn), s.millis);
    }
    for (int run = 1; run <= runs; run++) {
      for (String fn : functions) {
        for (int i = 0; i < variants.size(); i++) {
          Variant v = variants.get((i + run) % variants.size());
          Sample s = measure(run, fn, v, modes.get(fn));
          samples.add(s);
          Files.writeString(
              csv,
              String.format(
                  Locale.ROOT,
                  "%d,%s,%s,%s,%.1f,%.0f,%d,%.3f,%.3f,%d%n",
                  s.run,
                  s.function,
                  s.variant,
                  s.mode,
                  s.millis,
                  s.cpuMillis,
                  s.peakRssKiB,
                  s.springStarted,
                  s.jvmUptime,
                  s.status),
              java.nio.file.StandardOpenOption.APPEND);
          System.out.printf(
              "  run %d %-16s %-10s %7.0f ms (CPU %5.0f ms) %6.1f MiB%n",
              run, fn, v.name(), s.millis, s.cpuMillis, s.peakRssKiB / 1024.0);
        }
      }
    }
    String table = table(samples);
    Files.writeString(env.results("coldstart.md"), table);
    return table;
  }

  /** One cold start; with {@code mode == null} (warm-up) also decides event vs health mode. */
  Sample measure(int run, String fn, Variant v, String mode) throws Exception {
    try (KubeTestSupport api = KubeTestSupport.start();
        Sink sink = Sink.start()) {
      Probes.Event event = Probes.prepare(fn, api);
      int port = freePort();
      Map<String, String> envVars =
          FunctionLauncher.environment(port, api.server().url("/"), Probes.NS, sink.url());
      URI base = URI.create("http://127.0.0.1:" + port + "/");
      boolean useEvent = mode == null || mode.equals("event");
      HttpRequest health =
          HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))
              .timeout(Duration.ofSeconds(60))
              .GET()
              .build();
      Path log = env.results("logs").resolve(String.format("%s-%s-%d.log", fn, v.name(), run));
      boolean training = run < 0;
      try (Launched p = launcher.start(fn, v, envVars, log, training)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        int status = -1;
        double millis = Double.NaN;
        while (System.nanoTime() < deadline) {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                fn + " (" + v.name() + ") exited during start:\n" + p.tail(40));
          }
          try {
            HttpRequest request =
                useEvent && (mode != null || v.isBare()) ? event.request(base) : health;
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = r.statusCode();
            if (status / 100 == 2) {
              millis = p.elapsedMillis();
              break;
            }
            if (mode != null && useEvent && (status == 404 || status == 405)) {
              throw new IllegalStateException(fn + " answered " + status + " to the CloudEvent");
            }
            Thread.sleep(20);
          } catch (ConnectException e) {
            Thread.sleep(5);
          } catch (IOException e) {
            Thread.sleep(5);
          }
        }
        long peak = p.peakRssKiB();
        double cpu = p.cpuMillis();
        if (training) {
          for (int i = 0; i < 3; i++) {
            http.send(event.request(base), HttpResponse.BodyHandlers.discarding());
          }
          p.close();
          return new Sample(
              run, fn, v.name(), mode, millis, cpu, peak, Double.NaN, Double.NaN, status);
        }
        if (Double.isNaN(millis)) {
          throw new IllegalStateException(
              fn + " (" + v.name() + ") did not answer:\n" + p.tail(40));
        }
        if (mode == null) {
          // warm-up: the readiness probe answered; does the function answer its CloudEvent?
          HttpResponse<String> r =
              http.send(event.request(base), HttpResponse.BodyHandlers.ofString());
          String decided =
              r.statusCode() / 100 == 2 ? "event" : "health (event: " + r.statusCode() + ")";
          if (r.statusCode() / 100 != 2 && r.statusCode() != 404 && r.statusCode() != 405) {
            System.out.printf(
                "  NOTE %s answered %d to its cold-start event: %s%n",
                fn,
                r.statusCode(),
                r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
          }
          modes.put(fn, decided);
        }
        double started = Double.NaN;
        double uptime = Double.NaN;
        if (!v.isBare()) {
          Matcher m = STARTED.matcher(Files.readString(log));
          if (m.find()) {
            started = Double.parseDouble(m.group(1));
            uptime = Double.parseDouble(m.group(2));
          }
        }
        return new Sample(
            run, fn, v.name(), modes.get(fn), millis, cpu, peak, started, uptime, status);
      }
    }
  }

  String table(List<Sample> samples) {
    Variant prod =
        variants.stream().filter(v -> v.kind() == Variant.Kind.PROD).findFirst().orElse(null);
    boolean experiments = variants.stream().filter(v -> !v.isBare()).count() > 2 && prod != null;
    List<String> header =
        new ArrayList<>(
            List.of(
                "function",
                "first 2xx to",
                "variant",
                "start → 2xx ms, median (min–max)",
                "× baseline",
                "CPU ms",
                "peak RSS MiB, median (min–max)",
                "× baseline",
                "JVM uptime at Spring 'Started' s"));
    if (experiments) {
      header.add("time × " + prod.name());
      header.add("CPU × " + prod.name());
    }
    Table t = new Table(header.toArray(String[]::new));
    for (String fn : functions) {
      for (Variant v : variants) {
        List<Sample> mine = select(samples, fn, v.name());
        Variant base = baselineOf(v);
        Stats ms = Stats.of(mine.stream().map(Sample::millis).toList());
        Stats cpu = Stats.of(mine.stream().map(Sample::cpuMillis).toList());
        Stats rss = Stats.of(mine.stream().map(s -> s.peakRssKiB / 1024.0).toList());
        Stats up = Stats.of(mine.stream().map(Sample::jvmUptime).filter(d -> !d.isNaN()).toList());
        List<String> row = new ArrayList<>();
        row.add(fn);
        row.add(v.isBare() ? "same request" : modes.getOrDefault(fn, "?"));
        row.add(v.name() + (base != null && base != v ? " (base: " + base.name() + ")" : ""));
        row.add(ms.spread("%.0f"));
        row.add(pairedRatio(samples, fn, v, base, Sample::millis));
        row.add(String.format(Locale.ROOT, "%.0f", cpu.median()));
        row.add(rss.spread("%.0f"));
        row.add(pairedRatio(samples, fn, v, base, s -> (double) s.peakRssKiB));
        row.add(up.n() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", up.median()));
        if (experiments) {
          row.add(pairedRatio(samples, fn, v, prod, Sample::millis));
          row.add(pairedRatio(samples, fn, v, prod, Sample::cpuMillis));
        }
        t.row(row.toArray());
      }
    }
    return t.markdown()
        + "\n× baseline = median over runs of (variant ÷ baseline), both measured in the same run."
        + " CPU ms = user + system CPU time of the process up to the first 2xx. Container memory"
        + " emulated with -XX:MaxRAM="
        + launcher.containerMemory()
        + ".\n";
  }

  /** Median over runs of (variant ÷ other) for samples of the same run; "–" if none. */
  private static String pairedRatio(
      List<Sample> samples,
      String fn,
      Variant v,
      Variant other,
      java.util.function.ToDoubleFunction<Sample> metric) {
    if (other == null || other == v) {
      return "–";
    }
    List<Double> ratios = new ArrayList<>();
    for (Sample s : select(samples, fn, v.name())) {
      for (Sample b : select(samples, fn, other.name())) {
        if (b.run == s.run) {
          ratios.add(metric.applyAsDouble(s) / metric.applyAsDouble(b));
        }
      }
    }
    return ratios.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", Stats.of(ratios).median());
  }

  private Variant baselineOf(Variant v) {
    Variant.Kind want = v.isJava17() ? Variant.Kind.BARE17 : Variant.Kind.BARE25;
    return variants.stream().filter(x -> x.kind() == want).findFirst().orElse(null);
  }

  private static List<Sample> select(List<Sample> samples, String fn, String variant) {
    return samples.stream()
        .filter(s -> s.function.equals(fn) && s.variant.equals(variant))
        .toList();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
