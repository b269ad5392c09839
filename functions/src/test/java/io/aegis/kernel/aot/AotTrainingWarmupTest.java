package io.aegis.kernel.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

class AotTrainingWarmupTest {

  @Test
  void everyStepRunsAgainstTheStubApi() {
    // A step that starts failing (an API change, a stub gap) would silently shrink the AOT cache.
    assertThat(AotTrainingWarmup.run()).containsExactly("events", "alerts", "workflows", "sink");
  }

  @Test
  void activeOnlyInTheTrainingRun() {
    assertThat(new AotTrainingWarmup(new MockEnvironment()).active()).isFalse();
    assertThat(
            new AotTrainingWarmup(
                    new MockEnvironment().withProperty("spring.context.exit", "onRefresh"))
                .active())
        .isTrue();
    assertThat(
            new AotTrainingWarmup(
                    new MockEnvironment()
                        .withProperty("spring.context.exit", "onRefresh")
                        .withProperty("aegis.aot-training.warmup", "false"))
                .active())
        .isFalse();
  }

  @Test
  void registeredUnconditionallySoTheSpringAotBuildKeepsIt() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AotTrainingAutoConfiguration.class))
        .run(context -> assertThat(context).hasSingleBean(AotTrainingWarmup.class));
  }

  @Test
  void stubApiServesFabric8CrudAndTellsCollectionsFromItems() {
    assertThat(StubApiServer.isCollection("/api/v1/namespaces/ns/pods")).isTrue();
    assertThat(StubApiServer.isCollection("/api/v1/namespaces/ns/pods/p")).isFalse();
    assertThat(StubApiServer.isCollection("/api/v1/nodes")).isTrue();
    assertThat(StubApiServer.isCollection("/api/v1/nodes/n")).isFalse();
    assertThat(StubApiServer.isCollection("/api/v1/namespaces")).isTrue();
    assertThat(StubApiServer.isCollection("/apis/aegis.io/v1alpha1/namespaces/ns/aegisalerts"))
        .isTrue();
    assertThat(StubApiServer.isCollection("/apis/aegis.io/v1alpha1/namespaces/ns/aegisalerts/a"))
        .isFalse();
    assertThat(StubApiServer.isCollection("/apis/aegis.io/v1alpha1/aegisalerts")).isTrue();
    try (StubApiServer api = StubApiServer.start();
        KubernetesClient client = AotTrainingWarmup.client(api.url())) {
      AegisAlert alert = new AegisAlert();
      alert.getMetadata().setName("a");
      alert.getMetadata().setNamespace("ns");
      AegisAlert created = client.resource(alert).create();
      assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
      assertThat(client.resources(AegisAlert.class).inNamespace("ns").withName("a").get())
          .isNotNull();
      assertThat(client.resources(AegisAlert.class).inNamespace("ns").list().getItems()).hasSize(1);
      assertThat(client.resources(AegisAlert.class).inNamespace("ns").withName("b").get()).isNull();
    }
  }

  @Test
  void stubApiAppliesTheStatusWritersPatchesAndListsAcrossNamespaces() {
    try (StubApiServer api = StubApiServer.start();
        KubernetesClient client = AotTrainingWarmup.client(api.url())) {
      AegisAlert alert = new AegisAlert();
      alert.getMetadata().setName("a");
      alert.getMetadata().setNamespace("ns");
      client.resource(alert).create();
      new StatusWriter(client, Clock.systemUTC())
          .update(
              AegisAlert.class,
              "ns",
              "a",
              (AegisAlertStatus s) -> {
                s.count = 3;
                s.status = AlertStatus.Firing;
              });
      AegisAlert read = client.resources(AegisAlert.class).inNamespace("ns").withName("a").get();
      assertThat(read.getStatus().count).isEqualTo(3);
      assertThat(read.getStatus().status).isEqualTo(AlertStatus.Firing);
      assertThat(client.resources(AegisAlert.class).inAnyNamespace().list().getItems())
          .extracting(a -> a.getMetadata().getName())
          .containsExactly("a");
    }
  }

  @Test
  void stubApiLetsAnInformerStart() throws Exception {
    try (StubApiServer api = StubApiServer.start();
        KubernetesClient client = AotTrainingWarmup.client(api.url())) {
      var informer = client.resources(AegisAlert.class).inAnyNamespace().runnableInformer(0);
      try {
        informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(informer.hasSynced()).isTrue();
      } finally {
        informer.stop();
      }
    }
  }
}
