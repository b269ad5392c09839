package io.aegis.diagnose.kube;

import io.aegis.diagnose.analyzer.ContainerLog;
import io.aegis.diagnose.analyzer.ContainerLog.LogRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tail of container logs ({@code pods/log}). A log that cannot be read is reported in the
 * result instead of failing the diagnosis: the other findings still stand.
 */
public class ContainerLogs {
  private final KubernetesClient client;
  private final int tailLines;
  private final int limitBytes;

  /**
   * @param tailLines lines fetched per container (filtered afterwards)
   * @param limitBytes most bytes fetched per container
   */
  public ContainerLogs(KubernetesClient client, int tailLines, int limitBytes) {
    this.client = client;
    this.tailLines = tailLines;
    this.limitBytes = limitBytes;
  }

  public List<ContainerLog> tails(String namespace, String pod, List<LogRequest> requests) {
    List<ContainerLog> logs = new ArrayList<>();
    for (LogRequest request : requests) {
      logs.add(tail(namespace, pod, request));
    }
    return logs;
  }

  ContainerLog tail(String namespace, String pod, LogRequest request) {
    try {
      var container =
          client.pods().inNamespace(namespace).withName(pod).inContainer(request.container());
      String text =
          request.previous()
              ? container.terminated().tailingLines(tailLines).getLog()
              : container.limitBytes(limitBytes).tailingLines(tailLines).getLog();
      return ContainerLog.of(request, text == null ? "" : text);
    } catch (KubernetesClientException e) {
      RuntimeException classified = ClusterReader.classify("read its log", e);
      if (classified instanceof io.aegis.kernel.error.AegisException transientFailure) {
        throw transientFailure;
      }
      return ContainerLog.unavailable(request, classified.getMessage());
    }
  }
}
