package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.error.Reason;
import io.aegis.kernel.testing.KubeTestSupport;
import io.aegis.kernel.testing.TestAlerts;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadsKubeTest {
  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();

  @Test
  void storedIsTheObjectAsReadOrNullWhenMissing() {
    AegisAlert created = kube.create(TestAlerts.firing("a1", "T"));
    StatusWriter writer = new StatusWriter(kube.client(), Clock.systemUTC());

    Stored<AegisAlert> stored = Reads.stored(writer, AegisAlert.class, TestAlerts.NAMESPACE, "a1");

    assertThat(stored.resourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(stored.object().getSpec().type).isEqualTo("T");
    assertThat(Reads.stored(writer, AegisAlert.class, TestAlerts.NAMESPACE, "nope")).isNull();
  }

  @Test
  void anUnreachableApiServerIsA503() {
    try (KubernetesClient down =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build()) {
      StatusWriter writer = new StatusWriter(down, Clock.systemUTC());

      assertThatThrownBy(() -> Reads.stored(writer, AegisAlert.class, "monitoring", "a1"))
          .isInstanceOfSatisfying(
              AegisException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.API_UNAVAILABLE);
                assertThat(e.getMessage()).contains("AegisAlert monitoring/a1");
              });
    }
  }
}
