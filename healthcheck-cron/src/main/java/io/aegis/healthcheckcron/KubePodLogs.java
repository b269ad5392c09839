package io.aegis.healthcheckcron;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Component;

/** {@link PodLogs} through the API server ({@code GET pods/<pod>/log?container=&tailLines=}). */
@Component
class KubePodLogs implements PodLogs {
  private final KubernetesClient client;

  KubePodLogs(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String tail(String namespace, String pod, String container, int tailLines) {
    String log =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .tailingLines(tailLines)
            .getLog();
    return log == null ? "" : log;
  }
}
