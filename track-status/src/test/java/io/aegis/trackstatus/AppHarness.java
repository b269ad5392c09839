package io.aegis.trackstatus;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertOpsRule;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisOpsTemplate;
import io.aegis.kernel.testing.CloudEventsHttp;
import io.aegis.kernel.testing.KubeTestSupport;
import io.aegis.kernel.testing.RecordingSink;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The real track-status application over HTTP, wired to fabric8's mock API server (Aegis and Argo
 * CRDs installed), a recording {@code K_SINK} and a clock the test moves. One for all the HTTP
 * tests, held by {@link AppHttpBase}, whose {@code @TestConfiguration} hands the client and the
 * clock to Spring in place of the kernel's.
 */
final class AppHarness implements AutoCloseable {
  final KubeTestSupport kube = KubeTestSupport.start();
  final RecordingSink sink = RecordingSink.start();
  final Fixtures.TestClock clock = new Fixtures.TestClock();

  KubernetesClient client() {
    return kube.client();
  }

  CloudEventsHttp http(int port) {
    return CloudEventsHttp.to(port);
  }

  /** Removes what earlier tests left in the alert namespace, so sweeps see only this test's. */
  void clean() {
    for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind :
        java.util.List.of(
            AegisAlert.class,
            AegisDiagnosis.class,
            AegisOpsTemplate.class,
            AegisAlertOpsRule.class)) {
      client().resources(kind).inNamespace(Fixtures.NS).delete();
    }
    client()
        .genericKubernetesResources(KubeTestSupport.WORKFLOWS)
        .inNamespace(Fixtures.NS)
        .delete();
  }

  @Override
  public void close() {
    sink.close();
    kube.close();
  }
}
