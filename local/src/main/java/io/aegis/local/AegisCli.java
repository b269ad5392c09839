package io.aegis.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
      case "run" -> RunCommand.run(home, rest, System.out, System.err);
      case "render" ->
          System.exit(new RenderCommand(Renderers.engine()).run(rest, System.out, System.err));
      case "help", "--help", "-h" -> System.out.print(USAGE);
      default -> {
        System.err.print("unknown command " + command + "\n" + USAGE);
        System.exit(2);
      }
    }
  }
}
