package io.aegis.healthcheckcron;

import io.aegis.kernel.cloudevents.EventPublisher;
import io.aegis.kernel.cloudevents.Reply;
import io.aegis.kernel.crd.AegisClusterHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.kube.StatusWriter;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * healthcheck-cron wired by hand against a (mock) API server, with pod logs from a map and
 * published events recorded: for tests below the HTTP edge.
 */
final class Harness {
  final KubernetesClient client;
  final MutableClock clock = new MutableClock(Instant.parse("2025-03-14T09:30:00Z"));
  final Map<String, String> logs = new ConcurrentHashMap<>();
  final List<Reply> published = new CopyOnWriteArrayList<>();
  final NodeCheckRunner nodeChecks;
  final ClusterCheckRunner clusterChecks;
  final Ticker ticker;
  final CheckEvents events;

  Harness(KubernetesClient client, HealthcheckCronProperties properties) {
    this.client = client;
    StatusWriter status = new StatusWriter(client, clock);
    EventPublisher publisher = (id, reply) -> published.add(reply);
    PodLogs podLogs =
        (ns, pod, container, lines) -> {
          String log = logs.get(pod);
          if (log == null) {
            throw new io.fabric8.kubernetes.client.KubernetesClientException(
                "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start",
                400,
                null);
          }
          return log;
        };
    FindingReporter reporter =
        new FindingReporter(
            new NodeEvents(client, clock),
            new FindingAlerts(client, status, publisher, clock, properties),
            properties);
    nodeChecks = new NodeCheckRunner(client, status, podLogs, reporter, clock, properties);
    ClusterRuns runs = new ClusterRuns(client, nodeChecks, properties);
    clusterChecks = new ClusterCheckRunner(client, status, nodeChecks, runs, clock, properties);
    ticker = new Ticker(client, nodeChecks, clusterChecks, clock, properties);
    events = new CheckEvents(client, nodeChecks, clusterChecks);
  }

  AegisNodeHealthCheck nodeCheck(String name) {
    return client
        .resources(AegisNodeHealthCheck.class)
        .inNamespace(TestChecks.NS)
        .withName(name)
        .get();
  }

  AegisClusterHealthCheck clusterCheck(String name) {
    return client
        .resources(AegisClusterHealthCheck.class)
        .inNamespace(TestChecks.NS)
        .withName(name)
        .get();
  }

  List<AegisNodeHealthCheck> nodeChecks() {
    return client
        .resources(AegisNodeHealthCheck.class)
        .inNamespace(TestChecks.NS)
        .list()
        .getItems();
  }

  Pod podOf(AegisNodeHealthCheck check) {
    return client.pods().inNamespace(TestChecks.NS).withName(CheckPod.podName(check)).get();
  }

  /**
   * Moves the check pod of {@code check} to {@code phase} as the kubelet would (exit code 0 for
   * Succeeded, 1 for Failed), with {@code log} as its log, and returns the pod as stored.
   */
  Pod finishPod(AegisNodeHealthCheck check, String phase, String log) {
    String name = CheckPod.podName(check);
    if (log != null) {
      logs.put(name, log);
    }
    return setPhase(name, phase);
  }

  Pod setPhase(String podName, String phase) {
    return client
        .pods()
        .inNamespace(TestChecks.NS)
        .withName(podName)
        .editStatus(
            p -> {
              p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
              p.getStatus().setPhase(phase);
              if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                int code = "Succeeded".equals(phase) ? 0 : 1;
                p.getStatus()
                    .setContainerStatuses(
                        List.of(
                            new ContainerStatusBuilder()
                                .withName(TestChecks.CONTAINER)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(code)
                                .withReason(code == 0 ? "Completed" : "Error")
                                .endTerminated()
                                .endState()
                                .build()));
              }
              return p;
            });
  }
}
