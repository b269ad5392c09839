package io.aegis.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One local runner ({@code aegis-local.jar run --simulate-workflows}) of a checkout, as the
 * end-to-end benchmark starts it: free ports, its own home, its embedded API.
 *
 * @param name the runner's name in reports ({@code ""} for a single runner)
 * @param base the webhook's base URI
 * @param apiPort the embedded API's port
 */
record LocalRunner(String name, Launched process, URI base, int apiPort) {
  /** Starts the local runner of {@code checkout} on free ports. */
  static LocalRunner start(BenchEnv env, String name, Path checkout, String simulationDelay) {
    Path jar = checkout.resolve("local/target/aegis-local.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build first (./mvnw -q package -DskipTests)");
    }
    int webhook = ColdStart.freePort();
    int broker = ColdStart.freePort();
    int apiPort = ColdStart.freePort();
    Path home = home(env, name, checkout);
    List<String> cmd =
        List.of(
            env.java17,
            "-Daegis.home=" + home,
            "-jar",
            jar.toString(),
            "run",
            "--port",
            Integer.toString(webhook),
            "--broker-port",
            Integer.toString(broker),
            "--api-port",
            Integer.toString(apiPort),
            "--simulate-workflows",
            "--simulation-delay",
            simulationDelay,
            "--no-examples");
    Launched process =
        Launched.start(
            cmd,
            Map.of(),
            home,
            env.results("logs")
                .resolve("e2e-local-runner" + (name.isEmpty() ? "" : "-" + name) + ".log"));
    return new LocalRunner(name, process, URI.create("http://127.0.0.1:" + webhook + "/"), apiPort);
  }

  /**
   * The runner's home: this checkout itself, or for another checkout a directory under the bench's
   * work area linking to its {@code knative/} and {@code examples/}, so that the runner's working
   * files (kubeconfig, log) are not written into a checkout that must stay untouched.
   */
  private static Path home(BenchEnv env, String name, Path checkout) {
    if (checkout.equals(env.root)) {
      return checkout;
    }
    try {
      Path home = env.work.resolve("e2e-home-" + name);
      Files.createDirectories(home);
      for (String dir : List.of("knative", "examples")) {
        Path link = home.resolve(dir);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, checkout.resolve(dir));
      }
      return home;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A client of the runner's embedded API. */
  KubernetesClient client() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + apiPort + "/")
            .withNamespace(Probes.NS)
            .withRequestTimeout(30_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Waits until the runner's functions and its API answer. */
  void awaitReady(HttpClient http) throws Exception {
    Readiness.await(
        http,
        process,
        "the local runner",
        Duration.ofSeconds(300),
        Duration.ofMillis(200),
        base.resolve("/actuator/health/readiness"),
        URI.create("http://127.0.0.1:" + apiPort + "/api/v1/namespaces"));
  }
}
