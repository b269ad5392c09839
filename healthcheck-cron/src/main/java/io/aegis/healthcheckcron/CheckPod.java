package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheckSpec;
import io.aegis.kernel.json.Json;
import io.aegis.kernel.kube.Labels;
import io.aegis.kernel.kube.Names;
import io.aegis.kernel.kube.OwnerRefs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The check pod of a node check: the template's pod, pinned to the node ({@code nodeName}, so the
 * scheduler is bypassed), never restarted, owned by the node check, labelled {@code
 * aegis.io/health-check=<check>}, with every selected rule ConfigMap mounted read-only under {@code
 * /nodecheck/config/<name>}. Pure: no I/O.
 */
final class CheckPod {
  static final String CONFIG_ROOT = "/nodecheck/config/";

  private CheckPod() {}

  /** Why the check cannot run as specified, or empty when it can. */
  static Optional<String> problem(AegisNodeHealthCheckSpec spec) {
    if (spec == null) {
      return Optional.of("spec is missing");
    }
    if (spec.node == null || spec.node.isBlank()) {
      return Optional.of("spec.node is empty");
    }
    return templateProblem(spec.template);
  }

  /** Why a check pod template is unusable: it needs a pod spec with exactly one container. */
  static Optional<String> templateProblem(PodTemplateSpec template) {
    if (template == null || template.getSpec() == null) {
      return Optional.of("spec.template.spec is missing");
    }
    List<Container> containers = template.getSpec().getContainers();
    int n = containers == null ? 0 : containers.size();
    if (n != 1) {
      String names =
          n == 0
              ? ""
              : " ("
                  + containers.stream().map(Container::getName).collect(Collectors.joining(", "))
                  + ")";
      return Optional.of("spec.template must have exactly one container, found " + n + names);
    }
    return Optional.empty();
  }

  /** Deterministic per node check (name and uid): a re-created check gets a new pod. */
  static String podName(AegisNodeHealthCheck check) {
    return Names.withHashSuffix(check.getMetadata().getName(), check.getMetadata().getUid());
  }

  /** The container whose log holds the results. */
  static String containerName(AegisNodeHealthCheckSpec spec) {
    return spec.template.getSpec().getContainers().get(0).getName();
  }

  /**
   * The pod to create; {@link #problem} must be empty.
   *
   * @param configMaps names of the rule ConfigMaps to mount
   */
  static Pod build(AegisNodeHealthCheck check, List<String> configMaps) {
    AegisNodeHealthCheckSpec spec = check.getSpec();
    PodSpec podSpec = Json.MAPPER.convertValue(spec.template.getSpec(), PodSpec.class);
    podSpec.setNodeName(spec.node);
    podSpec.setRestartPolicy("Never");
    List<Volume> volumes =
        podSpec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(podSpec.getVolumes());
    Container container = podSpec.getContainers().get(0);
    List<VolumeMount> mounts =
        container.getVolumeMounts() == null
            ? new ArrayList<>()
            : new ArrayList<>(container.getVolumeMounts());
    for (String cm : configMaps.stream().sorted().distinct().toList()) {
      String volume = volumeName(cm);
      if (volumes.stream().anyMatch(v -> volume.equals(v.getName()))) {
        continue;
      }
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewConfigMap()
              .withName(cm)
              .endConfigMap()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(CONFIG_ROOT + cm)
              .withReadOnly(true)
              .build());
    }
    podSpec.setVolumes(volumes);
    container.setVolumeMounts(mounts);

    ObjectMeta template = spec.template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (template != null && template.getLabels() != null) {
      labels.putAll(template.getLabels());
    }
    labels.put(Labels.HEALTH_CHECK, Labels.sanitizeValue(check.getMetadata().getName()));
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_AEGIS);
    if (Labels.isValidValue(spec.node)) {
      labels.put(Labels.NODE, spec.node);
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setName(podName(check));
    meta.setNamespace(check.getMetadata().getNamespace());
    meta.setLabels(labels);
    if (template != null && template.getAnnotations() != null) {
      meta.setAnnotations(new LinkedHashMap<>(template.getAnnotations()));
    }
    meta.setOwnerReferences(List.of(OwnerRefs.controller(check)));
    Pod pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(podSpec);
    return pod;
  }

  /** {@code volume-<configmap>} as in the Go original, hashed when that is not a valid name. */
  static String volumeName(String configMap) {
    String plain = "volume-" + configMap;
    return Names.isDns1123Label(plain)
        ? plain
        : Names.withHashSuffix("volume-" + configMap, configMap);
  }

  /** Why the pod failed, from its container's termination state or the pod's own reason. */
  static String failureOf(Pod pod) {
    List<String> parts = new ArrayList<>();
    if (pod.getStatus() != null) {
      List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
      if (statuses != null) {
        for (ContainerStatus cs : statuses) {
          ContainerStateTerminated t = cs.getState() == null ? null : cs.getState().getTerminated();
          if (t != null) {
            parts.add(
                "container "
                    + cs.getName()
                    + " exited with code "
                    + t.getExitCode()
                    + (t.getReason() == null ? "" : " (" + t.getReason() + ")")
                    + (t.getMessage() == null || t.getMessage().isBlank()
                        ? ""
                        : ": " + t.getMessage().trim()));
          }
        }
      }
      if (pod.getStatus().getReason() != null) {
        parts.add(
            pod.getStatus().getReason()
                + (pod.getStatus().getMessage() == null
                    ? ""
                    : ": " + pod.getStatus().getMessage()));
      }
    }
    return parts.isEmpty()
        ? "check pod " + pod.getMetadata().getName() + " failed"
        : String.join("; ", parts);
  }
}
