package io.aegis.bench;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.testing.KubeTestSupport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * parse-alert under an alert storm, against the embedded API (fabric8's mock server in CRUD mode,
 * hosted by this harness): {@code alerts} distinct alerts are posted to its webhook ({@code POST
 * /alert}, the custom format) by {@code concurrency} senders — phase "new" — then each of them
 * {@code repeats} more times — phase "repeat" (deduplication: the count goes up, nothing is
 * created). The baseline, in the same round against the same API, is what the API itself costs: the
 * same number of raw fabric8 creates (one per new alert) and status merge patches (one per repeat)
 * from this JVM with the same concurrency, each patch sent with the object held from its create
 * (one request; fabric8 GETs an object first when it is given only a name). A second, additional
 * baseline for new alerts is the least an alert with a visible status needs: the create plus one
 * status patch (status is a subresource: a create cannot set it). Rounds rotate which goes first;
 * the store is emptied between them. Each parse-alert round is checked: one AegisAlert per distinct
 * alert, counts adding up to the deliveries.
 */
public final class Throughput {
  private static final String RAW = ThroughputReport.RAW;
  private static final String RAW_WITH_STATUS = ThroughputReport.RAW_WITH_STATUS;
  private final BenchEnv env;
  private final FunctionLauncher launcher;
  private final List<Variant> variants;
  private final int alerts;
  private final int repeats;
  private final int concurrency;
  private final int rounds;
  private final int warmupRounds;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Set while a run is under way: what {@link #timed} samples around each phase. */
  private KubeTestSupport api;

  /** One parse-alert under test: its process, its webhook and its own K_SINK. */
  private record Target(String who, Variant variant, Launched process, URI base, Sink sink) {}

  /** One phase of one round: throughput, every request's latency, API requests and CPU per op. */
  record Phase(
      String who,
      String phase,
      int round,
      int ops,
      double seconds,
      List<Double> latencyMs,
      double apiRequestsPerOp,
      double parseAlertCpuMsPerOp,
      double harnessCpuMsPerOp) {
    double perSecond() {
      return ops / seconds;
    }
  }

  public Throughput(BenchEnv env, Map<String, String> options) {
    this.env = env;
    this.launcher = new FunctionLauncher(env, options.getOrDefault("container-memory", "256m"));
    // Several variants (e.g. after:prod,before@/other/checkout:prod) are measured side by side.
    this.variants =
        Variant.parseList(
            options.getOrDefault(
                "throughput-variants", options.getOrDefault("throughput-variant", "prod:prod")));
    this.alerts = Integer.parseInt(options.getOrDefault("alerts", "200"));
    this.repeats = Integer.parseInt(options.getOrDefault("repeats", "4"));
    this.concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
    this.rounds =
        Integer.parseInt(options.getOrDefault("rounds", options.getOrDefault("runs", "5")));
    this.warmupRounds = Integer.parseInt(options.getOrDefault("throughput-warmup", "3"));
  }

  public String run() throws Exception {
    String fn = "parse-alert";
    launcher.prepare(fn, variants);
    System.out.printf(
        "throughput: %d new alerts + %d repeats each, %d senders, %d rounds (+1 warm-up), parse-alert"
            + " launched as %s%n",
        alerts, repeats, concurrency, rounds, variants.stream().map(Variant::name).toList());
    List<Phase> phases = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Target> targets = new ArrayList<>();
    try (KubeTestSupport api = KubeTestSupport.start()) {
      this.api = api;
      Probes.ensureNamespace(api.client(), Probes.NS);
      for (Variant v : variants) {
        Sink sink = Sink.start();
        int port = ColdStart.freePort();
        Map<String, String> vars =
            FunctionLauncher.environment(port, api.server().url("/"), Probes.NS, sink.url());
        Launched p =
            launcher.start(
                fn,
                v,
                vars,
                env.results("logs")
                    .resolve(
                        "throughput-parse-alert"
                            + (variants.size() == 1 ? "" : "-" + v.name())
                            + ".log"));
        String who = variants.size() == 1 ? "parse-alert" : "parse-alert " + v.name();
        targets.add(new Target(who, v, p, URI.create("http://127.0.0.1:" + port + "/"), sink));
      }
      for (Target t : targets) {
        awaitReady(t.process, t.base);
      }
      // Warm-up rounds, not recorded: the production launch compiles with C1 only and a doubled
      // threshold, so CPU per alert keeps falling for several full rounds (measured: ~3× from the
      // first round to the fifth); the figures are for a warm pod in a storm.
      for (int w = 1; w <= warmupRounds; w++) {
        round(-w, api.client(), targets, pool, new ArrayList<>(), w % (targets.size() + 2));
        System.out.printf("  warm-up round %d done%n", w);
      }
      for (int r = 1; r <= rounds; r++) {
        round(r, api.client(), targets, pool, phases, r % (targets.size() + 2));
        System.out.printf("  round %d done%n", r);
      }
      for (Target t : targets) {
        System.out.printf(
            "  %s: peak RSS %.0f MiB; events sent to K_SINK: %d (%.2f per delivery)%n",
            t.who,
            t.process.peakRssKiB() / 1024.0,
            t.sink.received(),
            t.sink.received() / (double) ((rounds + warmupRounds) * alerts * (1 + repeats)));
      }
    } finally {
      pool.shutdownNow();
      for (Target t : targets) {
        t.process.close();
        t.sink.close();
      }
    }
    StringBuilder csv =
        new StringBuilder(
            "who,phase,round,ops,seconds,per_second,p50_ms,p99_ms,api_requests_per_op,"
                + "parse_alert_cpu_ms_per_op,harness_cpu_ms_per_op\n");
    for (Phase ph : phases) {
      Stats l = Stats.of(ph.latencyMs);
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%.3f,%.1f,%.2f,%.2f,%.2f,%.2f,%.2f%n",
              ph.who,
              ph.phase,
              ph.round,
              ph.ops,
              ph.seconds,
              ph.perSecond(),
              l.p50(),
              l.p99(),
              ph.apiRequestsPerOp,
              ph.parseAlertCpuMsPerOp,
              ph.harnessCpuMsPerOp));
    }
    Files.writeString(env.results("throughput.csv"), csv);
    String table = table(phases);
    Files.writeString(env.results("throughput.md"), table);
    return table;
  }

  private void round(
      int r,
      KubernetesClient client,
      List<Target> targets,
      ExecutorService pool,
      List<Phase> out,
      int first)
      throws Exception {
    int n = alerts;
    int parts = targets.size() + 2;
    for (int k = 0; k < parts; k++) {
      int part = (k + first) % parts;
      String tag = (r < 0 ? "w" + -r : "r" + r) + "p" + part;
      if (part < targets.size()) {
        Target t = targets.get(part);
        out.add(
            timed(
                t.who, "new", r, n, pool, t.process, i -> post(t.base, StormAlerts.alert(tag, i))));
        out.add(
            timed(
                t.who,
                "repeat",
                r,
                n * repeats,
                pool,
                t.process,
                i -> post(t.base, StormAlerts.alert(tag, i % n))));
        verify(client, t.who, n);
      } else if (part == targets.size()) {
        AegisAlert[] held = new AegisAlert[n];
        out.add(
            timed(RAW, "new", r, n, pool, null, i -> held[i] = StormAlerts.create(client, tag, i)));
        out.add(
            timed(
                RAW,
                "repeat",
                r,
                n * repeats,
                pool,
                null,
                i -> StormAlerts.patch(client, held[i % n], i / n + 2)));
      } else {
        out.add(
            timed(
                RAW_WITH_STATUS,
                "new",
                r,
                n,
                pool,
                null,
                i -> StormAlerts.patch(client, StormAlerts.create(client, tag, i), 1)));
      }
      clear(client);
    }
  }

  private Phase timed(
      String who,
      String phase,
      int round,
      int ops,
      ExecutorService pool,
      Launched parseAlert,
      IntConsumer op)
      throws Exception {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>(ops));
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    int requests0 = api.server().getRequestCount();
    double pa0 = parseAlert == null ? 0 : parseAlert.cpuMillis();
    double self0 = selfCpuMillis();
    long t0 = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < ops; i = next.getAndIncrement()) {
                  long s = System.nanoTime();
                  op.accept(i);
                  latencies.add((System.nanoTime() - s) / 1e6);
                }
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Phase(
        who,
        phase,
        round,
        ops,
        seconds,
        latencies,
        (double) (api.server().getRequestCount() - requests0) / ops,
        parseAlert == null ? Double.NaN : (parseAlert.cpuMillis() - pa0) / ops,
        (selfCpuMillis() - self0) / ops);
  }

  /** CPU time of this JVM (the embedded API, the senders, the sink), from /proc/self/stat. */
  static double selfCpuMillis() {
    try {
      String stat = Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private void post(URI base, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/alert"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("parse-alert answered " + r.statusCode() + ": " + r.body());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void verify(KubernetesClient client, String who, int n) {
    List<AegisAlert> stored =
        client.resources(AegisAlert.class).inNamespace(Probes.NS).list().getItems();
    long total = 0;
    for (AegisAlert a : stored) {
      total += a.getStatus() == null || a.getStatus().count == null ? 0 : a.getStatus().count;
    }
    if (stored.size() != n) {
      System.out.printf(
          "  WARNING: %s: %d AegisAlerts after %d distinct alerts%n", who, stored.size(), n);
    }
    long expected = (long) n * (1 + repeats);
    if (total != expected) {
      System.out.printf(
          "  WARNING: %s: counts add up to %d after %d deliveries%n", who, total, expected);
    }
  }

  private static void clear(KubernetesClient client) {
    client.resources(AegisAlert.class).inNamespace(Probes.NS).delete();
    for (int i = 0; i < 100; i++) {
      if (client.resources(AegisAlert.class).inNamespace(Probes.NS).list().getItems().isEmpty()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitReady(Launched p, URI base) throws Exception {
    Readiness.await(
        http,
        p,
        "parse-alert",
        Duration.ofSeconds(180),
        Duration.ofMillis(50),
        base.resolve("/actuator/health/readiness"));
  }

  String table(List<Phase> phases) {
    return ThroughputReport.table(phases)
        + String.format(
            Locale.ROOT,
            "%n%d distinct alerts, then %d repeats of each, %d concurrent senders, %d rounds after %d"
                + " warm-up rounds;"
                + " latency percentiles over all rounds' requests; ratios are medians of per-round"
                + " ratios. parse-alert: %s, JAVA_TOOL_OPTIONS %s.%n",
            alerts,
            repeats,
            concurrency,
            rounds,
            warmupRounds,
            variants.stream()
                .map(v -> v.name() + (v.root() == null ? "" : " (" + v.root() + ")"))
                .toList(),
            launcher.dockerfile().javaToolOptions());
  }
}
