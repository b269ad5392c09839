package io.aegis.bench;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.kube.ArgoWorkflows;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end latency through the local runner ({@code ./aegis run --simulate-workflows}, all six
 * functions, the embedded API and the local eventing in one JVM), warm: after a warm-up, alerts are
 * posted to parse-alert's webhook at a steady pace; a watch on the embedded API timestamps, per
 * alert, the Workflow's creation and the alert's {@code opsStatus.alertOpsStatus: Succeeded} (the
 * simulation advances each Workflow to Running after one delay and Succeeded after another). The
 * baseline, in alternating rounds against the same API and watch: the harness itself creating the
 * same AegisAlert and then the Workflow — two API writes and a watch notification, the floor of
 * alert → Workflow.
 *
 * <p>With {@code --e2e-checkouts=after=.,before=/other/checkout}, one runner per checkout (each its
 * own {@code local/target/aegis-local.jar}, its own API) is started and measured in interleaved
 * rounds, each against the baseline on its own API: a before/after in one run.
 */
public final class EndToEnd {
  static final ResourceDefinitionContext WORKFLOWS = ArgoWorkflows.CONTEXT;

  private final BenchEnv env;
  private final int alerts;
  private final int warmup;
  private final int rounds;
  private final Duration interval;
  private final String simulationDelay;
  private final Sightings seen = new Sightings();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Baseline: when the harness's own Workflow create returned, by alert name. */
  private final Map<String, Long> written = new ConcurrentHashMap<>();

  /**
   * One round: per alert, sent → Workflow seen and → Succeeded seen; for the baseline also the two
   * writes alone (sent → Workflow create returned), the rest being the watch's delivery.
   */
  record Round(
      String who,
      int round,
      List<Double> toWorkflow,
      List<Double> toSucceeded,
      List<Double> writesOnly,
      int lost) {}

  /** name → checkout root, in the order given. */
  private final Map<String, Path> checkouts = new java.util.LinkedHashMap<>();

  /** One local runner under test and what the harness holds of it. */
  public EndToEnd(BenchEnv env, Map<String, String> options) {
    this.env = env;
    String spec = options.getOrDefault("e2e-checkouts", "");
    if (spec.isBlank()) {
      checkouts.put("", env.root);
    } else {
      for (String entry : spec.split(",")) {
        String[] kv = entry.split("=", 2);
        checkouts.put(kv[0], env.root.resolve(kv.length > 1 ? kv[1] : ".").normalize());
      }
    }
    this.alerts = Integer.parseInt(options.getOrDefault("e2e-alerts", "40"));
    this.warmup = Integer.parseInt(options.getOrDefault("e2e-warmup", "30"));
    this.rounds =
        Integer.parseInt(options.getOrDefault("rounds", options.getOrDefault("runs", "5")));
    this.interval =
        Duration.ofMillis(Long.parseLong(options.getOrDefault("e2e-interval-ms", "250")));
    this.simulationDelay = options.getOrDefault("simulation-delay", "100ms");
  }

  public String run() throws Exception {
    System.out.printf(
        "end-to-end: local runner%s, %d alerts per round every %d ms, %d rounds (+%d warm-up"
            + " alerts), simulation delay %s%n",
        checkouts.size() == 1 ? "" : "s " + checkouts,
        alerts,
        interval.toMillis(),
        rounds,
        warmup,
        simulationDelay);
    List<Round> results = new ArrayList<>();
    List<LocalRunner> runners = new ArrayList<>();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      for (Map.Entry<String, Path> c : checkouts.entrySet()) {
        LocalRunner runner = LocalRunner.start(env, c.getKey(), c.getValue(), simulationDelay);
        runners.add(runner);
        open.add(runner.process());
      }
      for (LocalRunner runner : runners) {
        runner.awaitReady(http);
        try (KubernetesClient client = runner.client()) {
          Probes.ensureNamespace(client, Probes.NS);
          AegisOpsTemplate template = Probes.template();
          client.resource(template).inNamespace(Probes.NS).createOr(existing -> existing.update());
          AegisAlertOpsRule rule = Probes.rule(template);
          rule.getSpec().alertConditions.get(0).type = "BenchE2E";
          client.resource(rule).inNamespace(Probes.NS).createOr(existing -> existing.update());
        }
        open.add(seen.watchWorkflows(runner.apiPort()));
        open.add(seen.watchAlerts(runner.apiPort()));
      }
      Thread.sleep(500); // the watches are open
      for (LocalRunner runner : runners) {
        // Warm-up: JIT, connection pools, informers.
        String tag = runner.name() + "warm";
        sendAlerts(runner.base(), tag, warmup);
        awaitAll(tag, warmup, Duration.ofSeconds(120), true);
        try (KubernetesClient client = runner.client()) {
          baseline(client, runner.name() + "bwarm", Math.min(warmup, 20));
        }
      }
      for (int r = 1; r <= rounds; r++) {
        for (int j = 0; j < runners.size(); j++) {
          LocalRunner runner = runners.get((j + r) % runners.size());
          String suffix = runner.name().isEmpty() ? "" : " " + runner.name();
          boolean oursFirst = r % 2 == 1;
          for (int k = 0; k < 2; k++) {
            if ((k == 0) == oursFirst) {
              String tag = runner.name() + "r" + r;
              long[] sent = sendAlerts(runner.base(), tag, alerts);
              awaitAll(tag, alerts, Duration.ofSeconds(180), true);
              results.add(collect("aegis" + suffix, r, tag, sent));
            } else {
              String tag = runner.name() + "b" + r;
              try (KubernetesClient client = runner.client()) {
                long[] sent = baseline(client, tag, alerts);
                results.add(collect("raw API" + suffix, r, tag, sent));
              }
            }
          }
        }
        System.out.printf("  round %d done%n", r);
      }
      for (LocalRunner runner : runners) {
        System.out.printf(
            "  local runner%s peak RSS %.0f MiB%n",
            runner.name().isEmpty() ? "" : " " + runner.name(),
            runner.process().peakRssKiB() / 1024.0);
      }
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
    String table =
        EndToEndReport.table(
            results,
            checkouts.keySet().stream().map(n -> n.isEmpty() ? "" : " " + n).toList(),
            alerts,
            interval,
            simulationDelay);
    Files.writeString(env.results("e2e.md"), table);
    StringBuilder csv = new StringBuilder("who,round,alert,to_workflow_ms,to_succeeded_ms\n");
    for (Round r : results) {
      for (int i = 0; i < r.toWorkflow.size(); i++) {
        csv.append(
            String.format(
                Locale.ROOT,
                "%s,%d,%d,%.1f,%s%n",
                r.who,
                r.round,
                i,
                r.toWorkflow.get(i),
                i < r.toSucceeded.size()
                    ? String.format(Locale.ROOT, "%.1f", r.toSucceeded.get(i))
                    : ""));
      }
    }
    Files.writeString(env.results("e2e.csv"), csv);
    return table;
  }

  private long[] sendAlerts(URI base, String tag, int n) throws Exception {
    return atPace(
        n,
        i -> {
          String json =
              """
          {"type":"BenchE2E","status":"Firing",
           "involvedObject":{"kind":"Node","name":"e2e-%1$s-%2$d"},
           "details":{"reason":"bench"},
           "fingerprint":"%1$s-%2$d"}"""
                  .formatted(tag, i);
          long sent = System.nanoTime();
          // Sent asynchronously so the pace holds while parse-alert answers.
          http.sendAsync(
                  HttpRequest.newBuilder(base.resolve("/alert"))
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .thenAccept(
                  r -> {
                    if (r.statusCode() / 100 != 2) {
                      System.out.printf(
                          "  WARNING: parse-alert answered %d: %s%n", r.statusCode(), r.body());
                    }
                  });
          return sent;
        });
  }

  /** One send at each tick of {@code interval}; {@code send} returns when its timing started. */
  private long[] atPace(int n, PacedSend send) throws Exception {
    long[] sent = new long[n];
    long next = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      next += interval.toNanos();
      sent[i] = send.send(i);
    }
    return sent;
  }

  @FunctionalInterface
  private interface PacedSend {
    long send(int i) throws Exception;
  }

  /** The baseline: the harness writes the alert, then the workflow, for each of n alerts. */
  private long[] baseline(KubernetesClient client, String tag, int n) throws Exception {
    long[] sent =
        atPace(
            n,
            i -> {
              String name = "raw-" + tag + "-" + i;
              AegisAlert alert = Probes.alert();
              alert.getMetadata().setName(name);
              alert.getSpec().fingerprint = tag + "-" + i;
              alert.getMetadata().getLabels().put("fingerprint", tag + "-" + i);
              long started = System.nanoTime();
              AegisAlert stored = client.resource(alert).inNamespace(Probes.NS).create();
              GenericKubernetesResource wf = Probes.workflow(stored);
              client
                  .genericKubernetesResources(WORKFLOWS)
                  .inNamespace(Probes.NS)
                  .resource(wf)
                  .create();
              written.put(name, System.nanoTime());
              return started;
            });
    awaitAll(tag, n, Duration.ofSeconds(60), false);
    return sent;
  }

  private Round collect(String who, int round, String tag, long[] sent) {
    List<Double> toWf = new ArrayList<>();
    List<Double> toOk = new ArrayList<>();
    List<Double> writes = new ArrayList<>();
    int lost = 0;
    for (int i = 0; i < sent.length; i++) {
      String name = seen.nameByFingerprint.get(tag + "-" + i);
      Long wf = name == null ? null : seen.workflowSeen.get(name);
      if (wf == null) {
        lost++;
        continue;
      }
      toWf.add((wf - sent[i]) / 1e6);
      Long w = written.get(name);
      if (w != null) {
        writes.add((w - sent[i]) / 1e6);
      }
      Long ok = seen.succeededSeen.get(name);
      if (ok != null) {
        toOk.add((ok - sent[i]) / 1e6);
      }
    }
    if (lost > 0) {
      System.out.printf("  WARNING: %s round %d: %d alerts without a Workflow%n", who, round, lost);
    }
    return new Round(who, round, toWf, toOk, writes, lost);
  }

  private void awaitAll(String tag, int n, Duration timeout, boolean succeeded)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int done = 0;
      for (int i = 0; i < n; i++) {
        String name = seen.nameByFingerprint.get(tag + "-" + i);
        if (name != null
            && seen.workflowSeen.containsKey(name)
            && (!succeeded || seen.succeededSeen.containsKey(name))) {
          done++;
        }
      }
      if (done == n) {
        return;
      }
      Thread.sleep(50);
    }
  }
}
