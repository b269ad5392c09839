package io.aegis.diagnose.kube;

import io.aegis.diagnose.DiagnoseProperties;
import io.aegis.diagnose.analyzer.CollectorOutput;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.error.AegisException;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.OwnerRefs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node collector: a privileged pod pinned to the node ({@code nodeName}), owned by the
 * diagnosis (deleting the diagnosis removes a leftover pod), waited for until it ends, its output
 * parsed into sections, then deleted. The pod name is derived from the diagnosis, so a redelivered
 * event finds the same pod instead of starting a second one. The wait ends when the diagnosis'
 * deadline interrupts it.
 */
public class CollectorPod {
  public static final String DIAGNOSIS_LABEL = "aegis.io/diagnosis";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String COMPONENT = "node-collector";
  static final String CONTAINER = "collector";

  private static final Logger log = LoggerFactory.getLogger(CollectorPod.class);

  private final KubernetesClient client;
  private final DiagnoseProperties.Collector config;

  public CollectorPod(KubernetesClient client, DiagnoseProperties.Collector config) {
    this.client = client;
    this.config = config;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /**
   * Runs the collector on {@code node} for {@code diagnosis} and returns its output sections, or a
   * single {@code [collector]} section saying why there is none.
   *
   * @param timeout bound of the pod's own run ({@code activeDeadlineSeconds})
   * @throws InterruptedException when the diagnosis' deadline passed while waiting
   */
  public List<String> collect(AegisDiagnosis diagnosis, String node, Duration timeout)
      throws InterruptedException {
    Pod pod = manifest(diagnosis, node, timeout);
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    PodResource resource = client.pods().inNamespace(namespace).withName(name);
    try {
      try {
        client.resource(pod).create();
        log.info("started collector pod {}/{} on node {}", namespace, name, node);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw ClusterReader.classify("create collector pod " + namespace + "/" + name, e);
        }
      }
      Pod current = waitForEnd(resource);
      String phase =
          current == null || current.getStatus() == null ? null : current.getStatus().getPhase();
      if (!"Succeeded".equals(phase)) {
        String reason = current == null ? "it vanished" : "it ended " + phase + reason(current);
        return List.of("[collector]\n- no output: collector pod " + name + " " + reason);
      }
      String output;
      try {
        output = resource.inContainer(CONTAINER).limitBytes(config.maxOutputBytes()).getLog();
      } catch (KubernetesClientException e) {
        RuntimeException failure = ClusterReader.classify("read the collector pod's log", e);
        if (failure instanceof AegisException transientFailure) {
          throw transientFailure;
        }
        return List.of("[collector]\n- no output: " + failure.getMessage());
      }
      List<String> sections = CollectorOutput.sections(output);
      return sections.isEmpty()
          ? List.of("[collector]\n- no output: the collector printed no [section] lines")
          : sections;
    } finally {
      delete(resource, namespace, name);
    }
  }

  private Pod waitForEnd(PodResource resource) throws InterruptedException {
    while (true) {
      Pod current = ClusterReader.call("read the collector pod", resource::get);
      String phase =
          current == null || current.getStatus() == null ? null : current.getStatus().getPhase();
      if (current == null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
        return current;
      }
      Thread.sleep(config.pollInterval().toMillis());
    }
  }

  private static void delete(PodResource resource, String namespace, String name) {
    boolean interrupted = Thread.interrupted();
    try {
      resource.delete();
    } catch (KubernetesClientException e) {
      log.warn(
          "could not delete collector pod {}/{} (its owner reference removes it with the"
              + " diagnosis): {}",
          namespace,
          name,
          e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String reason(Pod pod) {
    String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
    String message = pod.getStatus() == null ? null : pod.getStatus().getMessage();
    return (reason == null ? "" : " (" + reason + ")") + (message == null ? "" : ": " + message);
  }

  /** The collector pod for {@code node}, owned by {@code diagnosis}. */
  Pod manifest(AegisDiagnosis diagnosis, String node, Duration timeout) {
    String name =
        Names.withHashSuffix("collector-" + node, diagnosis.getMetadata().getUid() + "/" + node);
    Map<String, Quantity> requests =
        Map.of("cpu", new Quantity("100m"), "memory", new Quantity("200Mi"));
    Map<String, Quantity> limits =
        Map.of("cpu", new Quantity("200m"), "memory", new Quantity("500Mi"));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(diagnosis.getMetadata().getNamespace())
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_AEGIS)
        .addToLabels(COMPONENT_LABEL, COMPONENT)
        .addToLabels(DIAGNOSIS_LABEL, Labels.sanitizeValue(diagnosis.getMetadata().getName()))
        .addToOwnerReferences(OwnerRefs.controller(diagnosis))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withRestartPolicy("Never")
        .withHostPID(true)
        .withHostNetwork(true)
        .withPriorityClassName(
            config.priorityClassName() == null || config.priorityClassName().isBlank()
                ? null
                : config.priorityClassName())
        .withActiveDeadlineSeconds(Math.max(1, timeout.toSeconds()))
        .addNewToleration()
        .withOperator("Exists")
        .endToleration()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(config.image())
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .withNewResources()
        .withRequests(requests)
        .withLimits(limits)
        .endResources()
        .addNewVolumeMount()
        .withName("dev")
        .withMountPath("/dev")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("proc")
        .withMountPath("/host/proc")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("root")
        .withMountPath("/mnt/root")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("dev")
        .withNewHostPath()
        .withPath("/dev")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("proc")
        .withNewHostPath()
        .withPath("/proc")
        .endHostPath()
        .endVolume()
        .addNewVolume()
        .withName("root")
        .withNewHostPath()
        .withPath("/")
        .endHostPath()
        .endVolume()
        .endSpec()
        .build();
  }
}
