package io.aegis.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How {@code aegis run} runs; every option has a default, so {@code new RunnerOptions(home)} is the
 * README's {@code ./aegis run}.
 *
 * @param home the repository: {@code knative/} and {@code examples/} are read from it
 * @param webhookPort parse-alert's port (its webhooks)
 * @param brokerPort the local broker's ingress port
 * @param apiPort the embedded API's port for kubectl
 * @param kubeconfig a real cluster to use instead of the embedded API (null: embedded)
 * @param installCrds with {@code kubeconfig}: install the Aegis CRDs first
 * @param simulateWorkflows advance Workflow phases (SIMULATION) because no Argo runs here
 * @param simulationDelay time between simulated phases
 * @param pingInterval replaces every PingSource schedule (null: their cron schedules)
 * @param functions the functions to run
 * @param properties extra properties for every function
 * @param applyExamples apply the rules and templates under {@code examples/} at start
 * @param workDir where the kubeconfig is written
 */
public record RunnerOptions(
    Path home,
    int webhookPort,
    int brokerPort,
    int apiPort,
    Path kubeconfig,
    boolean installCrds,
    boolean simulateWorkflows,
    Duration simulationDelay,
    Duration pingInterval,
    Set<String> functions,
    Map<String, String> properties,
    boolean applyExamples,
    Path workDir) {

  public static final List<String> ALL_FUNCTIONS =
      List.of(
          "parse-alert",
          "match-rule",
          "render-submit",
          "track-status",
          "diagnose",
          "healthcheck-cron");

  public RunnerOptions {
    functions = Set.copyOf(functions);
    properties = Map.copyOf(properties);
  }

  /** The defaults for the repository at {@code home}. */
  public RunnerOptions(Path home) {
    this(
        home,
        8080,
        8081,
        8082,
        null,
        false,
        false,
        Duration.ofSeconds(3),
        null,
        new LinkedHashSet<>(ALL_FUNCTIONS),
        Map.of(),
        true,
        home.resolve("target/aegis-local"));
  }

  /** Every port chosen by the system (tests). */
  public RunnerOptions withFreePorts() {
    return with(
        o -> {
          o.webhookPort = 0;
          o.brokerPort = 0;
          o.apiPort = 0;
        });
  }

  public RunnerOptions withSimulation(Duration delay) {
    return with(
        o -> {
          o.simulateWorkflows = true;
          o.simulationDelay = delay;
        });
  }

  public RunnerOptions withPingInterval(Duration interval) {
    return with(o -> o.pingInterval = interval);
  }

  public RunnerOptions withFunctions(Set<String> only) {
    return with(o -> o.functions = only);
  }

  public RunnerOptions withProperty(String key, String value) {
    return with(o -> o.properties.put(key, value));
  }

  public RunnerOptions withExamples(boolean apply) {
    return with(o -> o.applyExamples = apply);
  }

  /** Against the cluster of {@code file} instead of the embedded API. */
  public RunnerOptions withKubeconfig(Path file, boolean installAegisCrds) {
    return with(
        o -> {
          o.kubeconfig = file;
          o.installCrds = installAegisCrds;
        });
  }

  public RunnerOptions withWorkDir(Path dir) {
    return with(o -> o.workDir = dir);
  }

  /** A copy with what {@code change} sets on a mutable copy of these options. */
  private RunnerOptions with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /**
   * The components, mutable (the collections too): the one place that lists them all for the {@code
   * with...} copies.
   */
  private static final class Copy {
    Path home;
    int webhookPort;
    int brokerPort;
    int apiPort;
    Path kubeconfig;
    boolean installCrds;
    boolean simulateWorkflows;
    Duration simulationDelay;
    Duration pingInterval;
    Set<String> functions;
    Map<String, String> properties;
    boolean applyExamples;
    Path workDir;

    Copy(RunnerOptions o) {
      home = o.home;
      webhookPort = o.webhookPort;
      brokerPort = o.brokerPort;
      apiPort = o.apiPort;
      kubeconfig = o.kubeconfig;
      installCrds = o.installCrds;
      functions = new LinkedHashSet<>(o.functions);
      properties = new LinkedHashMap<>(o.properties);
      simulateWorkflows = o.simulateWorkflows;
      simulationDelay = o.simulationDelay;
      pingInterval = o.pingInterval;
      applyExamples = o.applyExamples;
      workDir = o.workDir;
    }

    RunnerOptions build() {
      return new RunnerOptions(
          home,
          webhookPort,
          brokerPort,
          apiPort,
          kubeconfig,
          installCrds,
          simulateWorkflows,
          simulationDelay,
          pingInterval,
          functions,
          properties,
          applyExamples,
          workDir);
    }
  }
}
