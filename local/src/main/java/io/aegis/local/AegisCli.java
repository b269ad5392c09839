package io.aegis.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code aegis} command (the root {@code ./aegis} script starts it): {@code run} starts Aegis
 * locally ({@link LocalRunner}), {@code render} renders a template offline ({@link RenderCommand}).
 */
public final class AegisCli {
  static final String USAGE =
      """
      Aegis, locally.
        ./aegis run [options]        start Aegis on this machine (./aegis run --help for options)
        ./aegis render --template T --alert A
                                     print the Workflow a template renders for an alert
      """;

  private AegisCli() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String command = rest.isEmpty() ? "help" : rest.remove(0);
    Path home = Path.of(System.getProperty("aegis.home", ".")).toAbsolutePath().normalize();
    switch (command) {
      case "run" -> run(home, rest, System.out, System.err);
      case "render" ->
          System.exit(new RenderCommand(Renderers.engine()).run(rest, System.out, System.err));
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> {
        System.err.print("unknown command " + command + "\n" + USAGE);
        System.exit(2);
      }
    }
  }

  private static void run(Path home, List<String> args, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(RunnerOptions.USAGE);
      return;
    }
    boolean verbose = args.remove("--verbose");
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(home, args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + RunnerOptions.USAGE);
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
      err.println("Aegis could not start: " + e.getMessage() + "\nDetails: " + logFile);
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
}
