package io.aegis.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.eventing.v1.Trigger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local runner reads the real knative/ directory, through its kustomization. */
class KnativeManifestsTest {
  private final KnativeManifests knative = TestRepo.knative();

  @Test
  void readsTheEventingObjectsOfTheKustomization() {
    assertThat(knative.brokers())
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("default");
    assertThat(knative.triggers()).isNotEmpty();
    assertThat(knative.apiServerSources())
        .extracting(s -> s.getMetadata().getName())
        .contains("aegis-workflows");
    assertThat(knative.pingSources())
        .extracting(s -> s.getMetadata().getName())
        .contains("aegis-reconcile");
    assertThat(knative.crds())
        .extracting(c -> c.getMetadata().getName())
        .contains("aegisalerts.aegis.io");
    assertThat(knative.namespaces()).contains("aegis");
    assertThat(knative.sinkBindings()).hasSize(1);
  }

  @Test
  void everyTriggerHasAFilterTheLocalBrokerAccepts() {
    for (Trigger t : knative.triggers()) {
      TriggerFilter.of(t.getMetadata().getName(), t.getSpec());
      assertThat(t.getSpec().getSubscriber().getRef().getKind()).isEqualTo("Service");
    }
  }

  @Test
  void theFunctionsGetTheEnvironmentOfTheirKnativeService() {
    Map<String, String> env = knative.environmentOf("parse-alert");
    assertThat(env).containsEntry("AEGIS_ALERT_NAMESPACE", "monitoring");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("JAVA_"));
    assertThat(knative.environmentOf("no-such-function")).isEmpty();
  }
}
