package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A48: the README's run command, as a newcomer types it, then the curl and kubectl commands the
 * runner prints. Runs after {@code package} (the command uses {@code local/target/aegis-local.jar};
 * see the {@code readme-run-command} execution in {@code local/pom.xml}). Only the ports are
 * changed, so that the test does not depend on 8080-8082 being free.
 */
class ReadmeRunCommandE2E {
  private static final Pattern RUN_COMMAND = Pattern.compile("(\\./aegis run[^`\\n]*)");

  @Test
  void A48_readmeWalkthroughWorksAgainstTheLocalRunner() throws Exception {
    Path root = TestRepo.root();
    assumeTrue(
        Files.isRegularFile(root.resolve("local/target/aegis-local.jar")),
        "local/target/aegis-local.jar is built by `mvn package`; this test runs in the integration-test phase");
    Matcher readme = RUN_COMMAND.matcher(Files.readString(root.resolve("README.md")));
    assertThat(readme.find()).as("README.md names the run command ./aegis run").isTrue();
    String command =
        readme.group(1).strip()
            + " --port 0 --broker-port 0 --api-port 0"
            + (readme.group(1).contains("--simulate-workflows") ? "" : " --simulate-workflows")
            + " --simulation-delay 1s";

    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", "exec " + command)
            .directory(root.toFile())
            .redirectErrorStream(true);
    builder.environment().put("AEGIS_MAVEN_OPTS", "-o");
    Process aegis = builder.start();
    List<String> out = follow(aegis);
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> out.contains("Alert lifecycle:") || !aegis.isAlive());
      assertThat(aegis.isAlive()).as(String.join("\n", out)).isTrue();

      String curl = printedCommand(out, "Send the README alert:");
      assertThat(curl).startsWith("curl ").contains("/default/alert");
      assertThat(shell(root, curl)).contains("\"code\":200");

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  out.stream()
                      .anyMatch(
                          l -> l.contains("trigger=Triggered") && l.contains("ops=Succeeded")));
      assertThat(out).anyMatch(l -> l.contains("SIMULATION") && l.contains("-> Running"));

      String kubectl = printedCommand(out, "Watch the alerts:");
      assertThat(kubectl).startsWith("kubectl --kubeconfig ").endsWith("get aegisalerts -w");
      Optional<Path> installed = Binaries.find("kubectl");
      if (installed.isPresent()) {
        String table = shell(root, kubectl.replace(" -w", ""));
        assertThat(table)
            .containsPattern(
                "NAME\\s+TYPE\\s+OBJECTKIND\\s+OBJECTNAME\\s+STATUS\\s+COUNT\\s+TRIGGERSTATUS\\s+OPSSTATUS\\s+AGE")
            .containsPattern(
                "default-nodehasemergencyevent-\\w{5}\\s+NodeHasEmergencyEvent\\s+Node\\s+dev1\\s+Firing\\s+1\\s+Triggered\\s+Succeeded");
      } else {
        System.out.println("kubectl is not installed: the printed kubectl command was not run");
      }
    } finally {
      // SIGTERM, as Ctrl-C's SIGINT would be (Process.destroy() also closes the output we read).
      new ProcessBuilder("kill", "-TERM", Long.toString(aegis.pid()))
          .start()
          .waitFor(10, TimeUnit.SECONDS);
      if (!aegis.waitFor(60, TimeUnit.SECONDS)) {
        aegis.destroyForcibly();
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> out.contains("Stopped."));
    assertThat(aegis.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
  }

  /** The command printed under {@code title}, continuation lines joined. */
  private static String printedCommand(List<String> out, String title) {
    int at = out.indexOf(title);
    assertThat(at).as("printed: " + title).isNotNegative();
    StringBuilder command = new StringBuilder();
    for (int i = at + 1; i < out.size() && !out.get(i).isBlank(); i++) {
      String line = out.get(i).strip();
      command.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
    }
    return command.toString().strip();
  }

  private static String shell(Path dir, String command) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-c", command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command + "\n" + output).isZero();
    return output;
  }

  private static List<String> follow(Process process) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  System.out.println("[aegis] " + line);
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output ended: " + e.getMessage() + ")");
              }
            },
            "aegis-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
