package io.aegis.kernel.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.testing.KubeTestSupport;
import io.aegis.kernel.testing.TestAlerts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KubeClientsTest {
  @RegisterExtension final KubeTestSupport kube = new KubeTestSupport();

  private final KubernetesSerialization serialization = KubeClients.serialization();

  @Test
  void watchEventsOfAegisKindsAndStatusErrorsAreTyped() {
    WatchEvent rule =
        serialization.unmarshal(
            """
            {"type":"MODIFIED","object":{"apiVersion":"aegis.io/v1alpha1",
             "kind":"AegisAlertOpsRule","metadata":{"name":"r","namespace":"n"}}}""",
            WatchEvent.class);
    assertThat(rule.getObject()).isInstanceOf(AegisAlertOpsRule.class);

    WatchEvent gone =
        serialization.unmarshal(
            """
            {"type":"ERROR","object":{"apiVersion":"v1","kind":"Status","status":"Failure",
             "reason":"Expired","code":410}}""",
            WatchEvent.class);
    assertThat(gone.getObject()).isInstanceOf(Status.class);
    assertThat(((Status) gone.getObject()).getCode()).isEqualTo(410);
  }

  @Test
  void otherKindsReadPolymorphicallyAreGenericWithoutAClassPathSearch() {
    WatchEvent pod =
        serialization.unmarshal(
            """
            {"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"p"}}}""",
            WatchEvent.class);
    assertThat(pod.getObject()).isInstanceOf(GenericKubernetesResource.class);
    assertThat(serialization.getRegisteredKubernetesResource("v1", "Pod")).isNull();
  }

  @Test
  void anInformerOfTheKernelsClientDeliversTypedObjects() throws Exception {
    try (KubernetesClient client = KubeClients.client(kube.client().getConfiguration())) {
      BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
      SharedIndexInformer<AegisAlert> informer =
          client.resources(AegisAlert.class).inAnyNamespace().runnableInformer(0);
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(AegisAlert alert) {
              seen.add(alert);
            }

            @Override
            public void onUpdate(AegisAlert before, AegisAlert after) {
              seen.add(after);
            }

            @Override
            public void onDelete(AegisAlert alert, boolean finalStateUnknown) {
              seen.add(alert);
            }
          });
      informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try {
        // Created after the initial list: arrives as a watch event.
        kube.create(TestAlerts.firing("watched", "NodeHasEmergencyEvent"));
        Object event = seen.poll(10, TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(AegisAlert.class);
        assertThat(((AegisAlert) event).getMetadata().getName()).isEqualTo("watched");
      } finally {
        informer.stop();
      }
    }
  }
}
