package io.aegis.healthcheckcron;

/**
 * Reads the end of a check pod's log. A port because fabric8's mock API server has no {@code
 * pods/log} in CRUD mode; production uses {@link KubePodLogs}.
 */
@FunctionalInterface
interface PodLogs {
  /**
   * @return the last {@code tailLines} lines of {@code container}'s log
   * @throws io.fabric8.kubernetes.client.KubernetesClientException as the API server answers
   */
  String tail(String namespace, String pod, String container, int tailLines);
}
