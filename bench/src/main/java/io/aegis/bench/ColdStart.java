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
import java.util.HashMap;
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
  enum Kind {
    JAR17,
    JAR25,
    PROD,
    PROD_NOCACHE,
    BARE17,
    BARE25
  }

  /** One way of starting a function; {@code options} are added to JAVA_TOOL_OPTIONS. */
  record Variant(String name, Kind kind, String options) {
    static Variant parse(String spec) {
      String[] p = spec.split(":", 3);
      Kind kind = Kind.valueOf(p[1].toUpperCase(Locale.ROOT).replace('-', '_'));
      return new Variant(p[0], kind, p.length > 2 ? p[2] : "");
    }

    boolean isBare() {
      return kind == Kind.BARE17 || kind == Kind.BARE25;
    }

    boolean isJava17() {
      return kind == Kind.JAR17 || kind == Kind.BARE17;
    }
  }

  record Sample(
      int run,
      String function,
      String variant,
      String mode,
      double millis,
      long peakRssKiB,
      double springStarted,
      double jvmUptime,
      int status) {}

  static final String DEFAULT_VARIANTS = "jar:jar17,prod:prod,bare:bare25,bare17:bare17";
  private static final Pattern STARTED =
      Pattern.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

  private final BenchEnv env;
  private final DockerfileLaunch launch;
  private final List<String> functions;
  private final List<Variant> variants;
  private final int runs;
  private final String containerMemory;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<String, ProductionLayout> layouts = new HashMap<>();
  private final Map<String, String> caches = new HashMap<>();

  /** Per function: "event" when its CloudEvent is answered 2xx, else "health (<status>)". */
  private final Map<String, String> modes = new LinkedHashMap<>();

  public ColdStart(BenchEnv env, Map<String, String> options) {
    this.env = env;
    this.launch = DockerfileLaunch.read(env.root.resolve("Dockerfile"));
    this.functions =
        List.of(options.getOrDefault("functions", String.join(",", BenchEnv.FUNCTIONS)).split(","));
    this.variants = new ArrayList<>();
    for (String spec : options.getOrDefault("variants", DEFAULT_VARIANTS).split(",")) {
      variants.add(Variant.parse(spec));
    }
    this.runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    this.containerMemory = options.getOrDefault("container-memory", "256m");
  }

  public String run() throws Exception {
    System.out.printf(
        "cold start: %d functions × %d variants × %d runs (+1 warm-up); Dockerfile JAVA_TOOL_OPTIONS=%s%n",
        functions.size(), variants.size(), runs, launch.javaToolOptions());
    for (String fn : functions) {
      ProductionLayout layout = new ProductionLayout(env, launch, fn, env.execJar(fn));
      layout.extract();
      layouts.put(fn, layout);
      for (Variant v : variants) {
        if (v.kind == Kind.PROD) {
          caches.put(
              fn + "/" + v.name, layout.cache(v.name.equals("prod") ? "" : v.name, v.options));
        }
      }
    }
    List<Sample> samples = new ArrayList<>();
    Path csv = env.results("coldstart.csv");
    Files.writeString(
        csv,
        "run,function,variant,mode,millis,peak_rss_kib,spring_started_s,jvm_uptime_s,status\n");
    for (String fn : functions) {
      Variant warm = variants.stream().filter(v -> !v.isBare()).findFirst().orElse(variants.get(0));
      Sample s = measure(0, fn, warm, null);
      System.out.printf(
          "  warm-up %-16s %-6s mode=%s %.0f ms%n", fn, warm.name, modes.get(fn), s.millis);
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
                  "%d,%s,%s,%s,%.1f,%d,%.3f,%.3f,%d%n",
                  s.run,
                  s.function,
                  s.variant,
                  s.mode,
                  s.millis,
                  s.peakRssKiB,
                  s.springStarted,
                  s.jvmUptime,
                  s.status),
              java.nio.file.StandardOpenOption.APPEND);
          System.out.printf(
              "  run %d %-16s %-10s %7.0f ms %6.1f MiB%n",
              run, fn, v.name, s.millis, s.peakRssKiB / 1024.0);
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
      Map<String, String> envVars = new LinkedHashMap<>();
      envVars.put("SERVER_PORT", Integer.toString(port));
      envVars.put("KUBERNETES_MASTER", api.server().url("/"));
      envVars.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
      envVars.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
      envVars.put("KUBERNETES_NAMESPACE", Probes.NS);
      envVars.put("KUBERNETES_TRUST_CERTIFICATES", "true");
      envVars.put("K_SINK", sink.url());
      List<String> memory =
          containerMemory.equals("none") ? List.of() : List.of("-XX:MaxRAM=" + containerMemory);
      ProductionLayout layout = layouts.get(fn);
      List<String> cmd = new ArrayList<>();
      Path dir = layout.app();
      switch (v.kind) {
        case JAR17, JAR25 -> {
          cmd.add(v.kind == Kind.JAR17 ? env.java17 : env.java25);
          cmd.addAll(memory);
          cmd.add("-jar");
          cmd.add(env.execJar(fn).toString());
          if (!v.options.isBlank()) {
            envVars.put("JAVA_TOOL_OPTIONS", v.options);
          }
        }
        case PROD -> {
          cmd.addAll(layout.command(caches.get(fn + "/" + v.name), memory));
          envVars.put("JAVA_TOOL_OPTIONS", layout.javaToolOptions(v.options));
        }
        case PROD_NOCACHE -> {
          for (String t : layout.command("none", memory)) {
            if (!t.startsWith("-XX:AOTCache=")) {
              cmd.add(t);
            }
          }
          envVars.put("JAVA_TOOL_OPTIONS", layout.javaToolOptions(v.options));
        }
        case BARE17, BARE25 -> {
          cmd.add(v.kind == Kind.BARE17 ? env.java17 : env.java25);
          cmd.addAll(memory);
          cmd.add("-cp");
          cmd.add(env.benchClasses.toString());
          cmd.add(BareHttpServer.class.getName());
          envVars.put(
              "JAVA_TOOL_OPTIONS",
              v.kind == Kind.BARE25 ? layout.javaToolOptions(v.options) : v.options);
        }
        default -> throw new IllegalStateException();
      }
      URI base = URI.create("http://127.0.0.1:" + port + "/");
      boolean useEvent = mode == null || mode.equals("event");
      HttpRequest health =
          HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))
              .timeout(Duration.ofSeconds(60))
              .GET()
              .build();
      Path log = env.results("logs").resolve(String.format("%s-%s-%d.log", fn, v.name, run));
      try (Launched p = Launched.start(cmd, envVars, dir, log)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        int status = -1;
        double millis = Double.NaN;
        while (System.nanoTime() < deadline) {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                fn + " (" + v.name + ") exited during start:\n" + p.tail(40));
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
        if (Double.isNaN(millis)) {
          throw new IllegalStateException(fn + " (" + v.name + ") did not answer:\n" + p.tail(40));
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
        return new Sample(run, fn, v.name, modes.get(fn), millis, peak, started, uptime, status);
      }
    }
  }

  String table(List<Sample> samples) {
    StringBuilder out = new StringBuilder();
    Table t =
        new Table(
            "function",
            "first 2xx to",
            "variant",
            "start → 2xx ms, median (min–max)",
            "× baseline",
            "peak RSS MiB, median (min–max)",
            "× baseline",
            "Spring 'started' (JVM uptime) s");
    for (String fn : functions) {
      for (Variant v : variants) {
        List<Sample> mine = select(samples, fn, v.name);
        Variant base = baselineOf(v);
        List<Double> ratios = new ArrayList<>();
        List<Double> rssRatios = new ArrayList<>();
        if (base != null && base != v) {
          for (Sample s : mine) {
            for (Sample b : select(samples, fn, base.name)) {
              if (b.run == s.run) {
                ratios.add(s.millis / b.millis);
                rssRatios.add((double) s.peakRssKiB / b.peakRssKiB);
              }
            }
          }
        }
        Stats ms = Stats.of(mine.stream().map(Sample::millis).toList());
        Stats rss = Stats.of(mine.stream().map(s -> s.peakRssKiB / 1024.0).toList());
        Stats up = Stats.of(mine.stream().map(Sample::jvmUptime).filter(d -> !d.isNaN()).toList());
        t.row(
            fn,
            v.isBare() ? "same request" : modes.getOrDefault(fn, "?"),
            v.name + (base != null && base != v ? " (base: " + base.name + ")" : ""),
            ms.spread("%.0f"),
            ratios.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", Stats.of(ratios).median()),
            rss.spread("%.0f"),
            rssRatios.isEmpty()
                ? "–"
                : String.format(Locale.ROOT, "%.2f", Stats.of(rssRatios).median()),
            up.n() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", up.median()));
      }
    }
    out.append(t.markdown());
    out.append(
        "\n× baseline = median over runs of (variant / baseline) measured in the same run. "
            + "Container memory emulated with -XX:MaxRAM="
            + containerMemory
            + ".\n");
    return out.toString();
  }

  private Variant baselineOf(Variant v) {
    Kind want = v.isJava17() ? Kind.BARE17 : Kind.BARE25;
    return variants.stream().filter(x -> x.kind == want).findFirst().orElse(null);
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
