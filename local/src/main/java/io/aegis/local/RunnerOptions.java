package io.aegis.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    return new RunnerOptions(
        home,
        0,
        0,
        0,
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

  public RunnerOptions withSimulation(Duration delay) {
    return new RunnerOptions(
        home,
        webhookPort,
        brokerPort,
        apiPort,
        kubeconfig,
        installCrds,
        true,
        delay,
        pingInterval,
        functions,
        properties,
        applyExamples,
        workDir);
  }

  public RunnerOptions withPingInterval(Duration interval) {
    return new RunnerOptions(
        home,
        webhookPort,
        brokerPort,
        apiPort,
        kubeconfig,
        installCrds,
        simulateWorkflows,
        simulationDelay,
        interval,
        functions,
        properties,
        applyExamples,
        workDir);
  }

  public RunnerOptions withFunctions(Set<String> only) {
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
        only,
        properties,
        applyExamples,
        workDir);
  }

  public RunnerOptions withProperty(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(properties);
    more.put(key, value);
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
        more,
        applyExamples,
        workDir);
  }

  public RunnerOptions withExamples(boolean apply) {
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
        apply,
        workDir);
  }

  public RunnerOptions withWorkDir(Path dir) {
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
        dir);
  }

  /** {@code aegis run} options (see {@link #USAGE}). */
  static RunnerOptions parse(Path home, List<String> args) {
    RunnerOptions o = new RunnerOptions(home);
    int webhook = o.webhookPort, broker = o.brokerPort, api = o.apiPort;
    Path kubeconfig = null;
    boolean installCrds = false, simulate = false, examples = true;
    Duration delay = o.simulationDelay, ping = null;
    Set<String> functions = new LinkedHashSet<>(ALL_FUNCTIONS);
    Map<String, String> properties = new LinkedHashMap<>();
    Iterator<String> it = args.iterator();
    while (it.hasNext()) {
      String arg = it.next();
      switch (arg) {
        case "--port" -> webhook = port(arg, value(arg, it));
        case "--broker-port" -> broker = port(arg, value(arg, it));
        case "--api-port" -> api = port(arg, value(arg, it));
        case "--kubeconfig" -> kubeconfig = existing(arg, value(arg, it));
        case "--install-crds" -> installCrds = true;
        case "--simulate-workflows" -> simulate = true;
        case "--simulation-delay" -> delay = duration(arg, value(arg, it));
        case "--ping-interval" -> ping = duration(arg, value(arg, it));
        case "--no-examples" -> examples = false;
        case "--functions" -> functions = functions(value(arg, it));
        case "--set" -> {
          String kv = value(arg, it);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--set wants key=value, got '" + kv + "'");
          }
          properties.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (installCrds && kubeconfig == null) {
      throw new IllegalArgumentException("--install-crds only applies with --kubeconfig");
    }
    return new RunnerOptions(
        home,
        webhook,
        broker,
        api,
        kubeconfig,
        installCrds,
        simulate,
        delay,
        ping,
        functions,
        properties,
        examples,
        o.workDir);
  }

  static final String USAGE =
      """
      Usage: ./aegis run [options]
        --port N               parse-alert's webhooks (default 8080)
        --broker-port N        the local broker's ingress (default 8081)
        --api-port N           the embedded Kubernetes API, for kubectl (default 8082)
        --simulate-workflows   SIMULATION: move Workflows to Running, then Succeeded (no Argo here)
        --simulation-delay D   time between simulated phases (default 3s)
        --ping-interval D      fire every PingSource at this interval instead of its schedule
        --kubeconfig PATH      use this cluster instead of the embedded API
        --install-crds         with --kubeconfig: install the Aegis CRDs first
        --no-examples          do not apply the rules and templates under examples/
        --functions a,b,...    run only these functions (default: all six)
        --set key=value        a property for every function (repeatable)
      Durations: 500ms, 3s, 1m.
      """;

  private static String value(String option, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return it.next();
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a port: " + value);
    }
  }

  private static Path existing(String option, String value) {
    Path path = Path.of(value);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(option + ": no such file " + value);
    }
    return path;
  }

  static Duration duration(String option, String value) {
    try {
      String v = value.strip().toLowerCase();
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        return Duration.ofMillis(
            (long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      } else if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.parse(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + ": not a duration: " + value + " (e.g. 500ms, 3s, 1m)");
    }
  }

  private static Set<String> functions(String list) {
    Set<String> chosen = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String f : list.split(",")) {
      String name = f.strip();
      if (ALL_FUNCTIONS.contains(name)) {
        chosen.add(name);
      } else {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "--functions: unknown " + unknown + "; known: " + ALL_FUNCTIONS);
    }
    return chosen;
  }
}
