package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The loop's Kubernetes side on a real API server (k3s): the runner with {@code --kubeconfig} and
 * {@code --install-crds}, Argo's Workflow CRD installed, the README walkthrough — alert created,
 * status written through the kernel's StatusWriter (status subresource, resourceVersion guards),
 * Workflow created with its owner reference, phases simulated. Skipped where Docker is absent.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalRunnerClusterIT {
  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  @Test
  void readmeWalkthroughOnK3s() throws Exception {
    Path dir = Files.createTempDirectory("aegis-k3s");
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
    try (KubernetesClient admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build()) {
      admin.resource(EmbeddedApiServer.argoWorkflowCrd()).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  admin
                          .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
                          .inAnyNamespace()
                          .list()
                      != null);
    }
    RunnerOptions options =
        new RunnerOptions(TestRepo.root())
            .withFreePorts()
            .withKubeconfig(kubeconfig, true)
            .withSimulation(Duration.ofSeconds(1))
            .withExamples(false)
            .withFunctions(Set.of("parse-alert", "match-rule", "render-submit", "track-status"))
            .withWorkDir(dir);
    try (LocalRunner runner = LocalRunner.start(options, new LineRecorder().printStream())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  runner
                          .client()
                          .genericKubernetesResources("aegis.io/v1alpha1", "AegisAlert")
                          .inNamespace("monitoring")
                          .list()
                      != null);

      JsonNode alert = Walkthrough.run(runner, Duration.ofSeconds(120));

      JsonNode ops = alert.path("status").path("opsStatus");
      assertThat(ops.path("triggerStatus").asText()).isEqualTo("Triggered");
      assertThat(ops.path("succeeded").asInt()).isEqualTo(1);
      assertThat(alert.path("status").path("conditions").findValuesAsText("type"))
          .contains("Complete");
      JsonNode workflow =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .valueToTree(
                  runner
                      .client()
                      .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
                      .inNamespace("monitoring")
                      .withName(ops.path("workflow").asText())
                      .get());
      assertThat(workflow.path("metadata").path("ownerReferences").get(0).path("name").asText())
          .isEqualTo(alert.path("metadata").path("name").asText());
    }
  }
}
