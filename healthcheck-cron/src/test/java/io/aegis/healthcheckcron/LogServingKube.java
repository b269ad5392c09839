package io.aegis.healthcheckcron;

import io.aegis.kernel.testing.AegisCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode, with the Aegis CRDs, that can also serve pod logs. The
 * CRUD dispatcher has no {@code pods/log} (measured with 7.7.0: it answers a list of every stored
 * object), so this server uses the mixed dispatcher: expectations ({@link #podLog}) first,
 * everything else CRUD. The real {@link KubePodLogs} and fabric8 log request run against it.
 */
final class LogServingKube implements AutoCloseable {
  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private LogServingKube() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = server.createClient();
    installCrds();
  }

  static LogServingKube start() {
    return new LogServingKube();
  }

  KubernetesClient client() {
    return client;
  }

  /** From now on, the log of {@code pod}'s check container is {@code text}. */
  void podLog(String namespace, String pod, String text) {
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + namespace
                + "/pods/"
                + pod
                + "/log?pretty=false&container="
                + TestChecks.CONTAINER
                + "&tailLines="
                + HealthcheckCronProperties.defaults().healthcheck().logTailLines())
        .andReturn(200, text)
        .always();
  }

  /** Forgets every object and expectation; the CRDs are installed again. */
  void reset() {
    server.reset();
    installCrds();
  }

  private void installCrds() {
    for (CustomResourceDefinition crd : AegisCrds.definitions()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
