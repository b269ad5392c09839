package io.aegis.kernel.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.events.EventTypes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundEventTest {
  private static InboundEvent event(String type, String source, Map<String, String> extensions) {
    return new InboundEvent("1", type, source, null, "application/json", extensions, null);
  }

  @Test
  void recognisesATickOfTheNamedPingSourceOnly() {
    InboundEvent tick =
        event(EventTypes.PING, "/apis/v1/namespaces/aegis/pingsources/aegis-reconcile", Map.of());

    assertThat(tick.isPingFrom("aegis-reconcile")).isTrue();
    assertThat(tick.isPingFrom("aegis-healthcheck")).isFalse();
    assertThat(tick.isPingFrom("reconcile")).isFalse();
    assertThat(
            event(EventTypes.APISERVER_ADD, tick.source(), Map.of()).isPingFrom("aegis-reconcile"))
        .isFalse();
    assertThat(event(EventTypes.PING, null, Map.of()).isPingFrom("aegis-reconcile")).isFalse();
  }

  @Test
  void recognisesAnApiServerSourceEventByItsKindAndApiVersionExtensions() {
    InboundEvent workflow =
        event(
            EventTypes.APISERVER_UPDATE,
            "https://10.96.0.1:443",
            Map.of("kind", "Workflow", "apiversion", "argoproj.io/v1alpha1", "name", "wf"));

    assertThat(workflow.isAbout("argoproj.io/v1alpha1", "Workflow")).isTrue();
    assertThat(workflow.isAbout("v1", "Workflow")).isFalse();
    assertThat(workflow.isAbout("argoproj.io/v1alpha1", "Pod")).isFalse();
    assertThat(event(EventTypes.APISERVER_ADD, "x", Map.of()).isAbout("v1", "Pod")).isFalse();
  }
}
