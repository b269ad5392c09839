package io.aegis.local;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) with one webhook receiver, {@code
 * send_resolved: true} and one-second grouping, driven with {@code amtool}.
 */
final class RealAlertmanager implements AutoCloseable {
  private final Process process;
  private final Path amtool;
  private final String url;
  private final Path dir;

  private RealAlertmanager(Process process, Path amtool, String url, Path dir) {
    this.process = process;
    this.amtool = amtool;
    this.url = url;
    this.dir = dir;
  }

  static RealAlertmanager start(Path alertmanager, Path amtool, URI webhook) throws IOException {
    Path dir = Files.createTempDirectory("aegis-alertmanager");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "route:",
            "  receiver: aegis",
            "  group_by: [alertname]",
            "  group_wait: 1s",
            "  group_interval: 1s",
            "  repeat_interval: 1h",
            "receivers:",
            "- name: aegis",
            "  webhook_configs:",
            "  - url: " + webhook,
            "    send_resolved: true",
            ""));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    Process process =
        new ProcessBuilder(
                alertmanager.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    RealAlertmanager am = new RealAlertmanager(process, amtool, url, dir);
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return am;
  }

  /** {@code amtool alert add alertname=<name> <labels>}: a firing alert. */
  void add(String alertname, String... labels) throws Exception {
    amtool(alertname, labels, List.of("--annotation=description=disk is full"));
  }

  /** The same alert with an end in the past: Alertmanager resolves it and notifies. */
  void resolve(String alertname, String... labels) throws Exception {
    String end = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString();
    amtool(alertname, labels, List.of("--annotation=description=disk is full", "--end=" + end));
  }

  private void amtool(String alertname, String[] labels, List<String> flags) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(amtool.toString(), "--alertmanager.url=" + url, "alert", "add"));
    command.addAll(flags);
    command.add("alertname=" + alertname);
    command.addAll(List.of(labels));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("amtool failed: " + command + "\n" + output);
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    System.out.println("Alertmanager log: " + dir.resolve("alertmanager.log"));
  }
}
