package io.aegis.parsealert;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.cloudevents.InboundEvent;
import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AlertSource;
import io.aegis.kernel.crd.AlertStatus;
import io.aegis.kernel.events.AlertRecorded;
import io.aegis.kernel.testing.KubeTestSupport;
import io.aegis.kernel.testing.RecordingSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the HTTP tests share: one in-memory Kubernetes API with the Aegis CRDs for the whole test
 * JVM (the kernel's {@link KubeTestSupport}) and one recording K_SINK that the real kernel
 * publisher posts to. Subclasses are {@code @SpringBootTest}s; alerts are removed after every test.
 */
abstract class TestWiring {
  static final String NS = "monitoring";
  static final KubeTestSupport KUBE = KubeTestSupport.start();
  static final RecordingSink SINK = RecordingSink.start();

  /** The mock API server's client replaces the kernel's (which would read a kubeconfig). */
  @TestConfiguration(proxyBeanMethods = false)
  static class MockKube {
    @Bean(destroyMethod = "")
    KubernetesClient kubernetesClient() {
      return KUBE.client();
    }
  }

  @DynamicPropertySource
  static void sink(DynamicPropertyRegistry registry) {
    registry.add("aegis.sink.url", () -> SINK.uri().toString());
    registry.add("aegis.sink.attempts", () -> "2");
  }

  @LocalServerPort int port;
  @Autowired KubernetesClient kube;

  WebhookClient webhook;
  private int sinkMark;

  @BeforeEach
  void startTest() {
    webhook = new WebhookClient(port);
    SINK.respondAlways(202);
    sinkMark = SINK.events().size();
  }

  @AfterEach
  void removeAlerts() {
    kube.resources(AegisAlert.class).inNamespace(NS).delete();
  }

  /** Events published to K_SINK during this test. */
  List<InboundEvent> published() {
    List<InboundEvent> all = SINK.events();
    return all.subList(sinkMark, all.size());
  }

  static AlertRecorded recorded(InboundEvent event) {
    return event.dataAs(AlertRecorded.class);
  }

  List<AegisAlert> alerts() {
    return kube.resources(AegisAlert.class).inNamespace(NS).list().getItems().stream()
        .sorted(Comparator.comparing(a -> a.getMetadata().getName()))
        .toList();
  }

  /**
   * Asserts what the README alert recorded from {@code source} shows, whichever endpoint it came
   * through: name, spec, count 1, labels and the {@code cluster} system parameter.
   */
  static void assertReadmeRecorded(AegisAlert alert, AlertSource source) {
    assertThat(alert.getMetadata().getName())
        .matches(source.name().toLowerCase(Locale.ROOT) + "-nodehasemergencyevent-[a-z0-9]{5}");
    assertThat(alert.getSpec().source).isEqualTo(source);
    assertThat(alert.getSpec().type).isEqualTo("NodeHasEmergencyEvent");
    assertThat(alert.getSpec().status).isEqualTo(AlertStatus.Firing);
    assertThat(alert.getSpec().involvedObject.kind).isEqualTo("Node");
    assertThat(alert.getSpec().involvedObject.name).isEqualTo("dev1");
    assertThat(alert.getSpec().involvedObject.node).isEqualTo("dev1");
    assertThat(alert.getSpec().details)
        .containsExactlyInAnyOrderEntriesOf(Map.of("startAt", "2022021122", "node", "dev1"));
    assertThat(alert.getStatus().count).isEqualTo(1);
    assertThat(alert.getMetadata().getLabels())
        .containsEntry("alert-source-type", source.name())
        .containsEntry("alert-type", "NodeHasEmergencyEvent")
        .containsEntry("alert-status", "Firing")
        .containsEntry("node", "dev1")
        .containsEntry("startAt", "2022021122")
        .containsKey("fingerprint");
    assertThat(alert.getMetadata().getAnnotations()).containsEntry("cluster", "c1");
  }

  static String fixture(String path) {
    try (InputStream in = TestWiring.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
