package io.aegis.local;

import java.io.PrintStream;
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
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** {@code aegis run}: parses the options, starts the {@link LocalRunner}, stops it on Ctrl-C. */
final class RunCommand {
  private RunCommand() {}

  static void run(Path home, List<String> args, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return;
    }
    boolean verbose = args.remove("--verbose");
    RunnerOptions options;
    try {
      options = parse(home, args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Path logFile = options.workDir().resolve("aegis.log");
    Logging.configure(logFile, verbose);
    out.println("Starting Aegis locally (six functions, embedded API, local eventing)...");
    LocalRunner runner;
    try {
      runner = LocalRunner.start(options, out);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(RunCommand.class).error("Aegis could not start", e);
      String message = e.getMessage();
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        message += ": " + t.getMessage();
      }
      err.println(
          "Aegis could not start: "
              + message
              + (message.contains("in use")
                  ? "\nAnother program has that port: choose others with --port, --broker-port, --api-port."
                  : "")
              + "\nDetails: "
              + logFile);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("\nStopping Aegis...");
                  runner.close();
                  out.println("Stopped.");
                  stopped.countDown();
                },
                "aegis-shutdown"));
    out.print(Banner.text(runner, logFile));
    stopped.await();
  }

  /** The options of {@code aegis run} (see {@link #USAGE}). */
  static RunnerOptions parse(Path home, List<String> args) {
    RunnerOptions o = new RunnerOptions(home);
    int webhook = o.webhookPort(), broker = o.brokerPort(), api = o.apiPort();
    Path kubeconfig = null;
    boolean installCrds = false, simulate = false, examples = true;
    Duration delay = o.simulationDelay(), ping = null;
    Set<String> functions = new LinkedHashSet<>(RunnerOptions.ALL_FUNCTIONS);
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
        o.workDir());
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
        --verbose              INFO logs on the console too (always in target/aegis-local/aegis.log)
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
      if (RunnerOptions.ALL_FUNCTIONS.contains(name)) {
        chosen.add(name);
      } else {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "--functions: unknown " + unknown + "; known: " + RunnerOptions.ALL_FUNCTIONS);
    }
    return chosen;
  }
}
