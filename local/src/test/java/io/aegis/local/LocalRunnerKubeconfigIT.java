package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --kubeconfig}: the runner uses another API server instead of starting its own. Here that
 * "cluster" is a second embedded API, reached directly (as a real cluster would be); CRDs are
 * installed by {@code --install-crds}.
 */
class LocalRunnerKubeconfigIT {
  @Test
  void theWalkthroughRunsAgainstTheClusterOfAKubeconfig() throws Exception {
    try (EmbeddedApiServer cluster = EmbeddedApiServer.start(0, List.of())) {
      Path dir = Files.createTempDirectory("aegis-cluster");
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters: [{name: c, cluster: {server: '"
                  + cluster.clientConfig().getMasterUrl()
                  + "'}}]",
              "contexts: [{name: c, context: {cluster: c, user: u, namespace: monitoring}}]",
              "current-context: c",
              "users: [{name: u, user: {token: t}}]",
              ""));
      RunnerOptions options =
          new RunnerOptions(TestRepo.root())
              .withFreePorts()
              .withKubeconfig(kubeconfig, true)
              .withSimulation(Duration.ofMillis(500))
              .withExamples(false)
              .withFunctions(Set.of("parse-alert", "match-rule", "render-submit", "track-status"))
              .withWorkDir(dir);
      try (LocalRunner runner = LocalRunner.start(options, new LineRecorder().printStream())) {
        assertThat(runner.kubeconfig()).isEqualTo(kubeconfig.toAbsolutePath());
        assertThat(runner.apiUrl().toString())
            .startsWith(cluster.clientConfig().getMasterUrl().replaceAll("/$", ""));
        assertThat(
                cluster
                    .client()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("aegisalerts.aegis.io")
                    .get())
            .as("--install-crds")
            .isNotNull();
        assertThat(cluster.client().namespaces().withName("monitoring").get()).isNotNull();

        JsonNode alert = Walkthrough.run(runner, Duration.ofSeconds(60));

        String name = alert.path("metadata").path("name").asText();
        assertThat(
                cluster
                    .client()
                    .genericKubernetesResources("aegis.io/v1alpha1", "AegisAlert")
                    .inNamespace("monitoring")
                    .withName(name)
                    .get())
            .as("written to the cluster of the kubeconfig")
            .isNotNull();
        assertThat(Files.exists(dir.resolve("kubeconfig"))).isTrue();
      }
    }
  }
}
