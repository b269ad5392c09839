package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.testing.AegisCrds;
import io.aegis.kernel.testing.TestAlerts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What the mock server cannot prove, against a real API server (k3s): the resourceVersion guard of
 * the status patch, and the 409 on a stale PUT /status that the mock lets through. Skipped where
 * Docker is absent.
 */
@Testcontainers(disabledWithoutDocker = true)
class StatusWriterClusterIT {
  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  private static final String NS = TestAlerts.NAMESPACE;
  private static KubernetesClient client;

  @BeforeAll
  static void installCrd() {
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(AegisCrds.definition(AegisAlert.class))
        .create();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> client.resources(AegisAlert.class).inNamespace(NS).list() != null);
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void fiftyConcurrentIncrementsLoseNoUpdateOnARealApiServer() throws Exception {
    client.resource(TestAlerts.firing("concurrent", "T")).create();
    StatusWriter writer = new StatusWriter(client, Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return writer.update(
                      AegisAlert.class,
                      NS,
                      "concurrent",
                      (AegisAlertStatus s) -> s.count = s.count == null ? 1 : s.count + 1);
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(
            client
                .resources(AegisAlert.class)
                .inNamespace(NS)
                .withName("concurrent")
                .get()
                .getStatus()
                .count)
        .isEqualTo(50);
  }

  @Test
  void realServerRejectsAStaleUpdateStatusUnlikeTheMock() {
    AegisAlert created = client.resource(TestAlerts.firing("stale", "T")).create();
    new StatusWriter(client, Clock.systemUTC())
        .update(AegisAlert.class, NS, "stale", (AegisAlertStatus s) -> s.count = 1);

    created.setStatus(new AegisAlertStatus());
    created.getStatus().count = 9;
    assertThatThrownBy(() -> client.resource(created).updateStatus())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }
}
