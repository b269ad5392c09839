package io.aegis.diagnose.analyzer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reading container states of a Pod: which state, whether it failed, and how to say it. */
final class ContainerStates {
  private ContainerStates() {}

  static boolean failed(ContainerStateTerminated t) {
    return t.getExitCode() != null && t.getExitCode() != 0 || oom(t);
  }

  static boolean oom(ContainerStateTerminated t) {
    return "OOMKilled".equals(t.getReason());
  }

  /** {@code Error, exit code 1} (plus the runtime's message when it gave one). */
  static String termination(ContainerStateTerminated t) {
    String reason = t.getReason() == null || t.getReason().isBlank() ? "unknown" : t.getReason();
    String s = reason + ", exit code " + (t.getExitCode() == null ? "unknown" : t.getExitCode());
    if (t.getSignal() != null && t.getSignal() != 0) {
      s += ", signal " + t.getSignal();
    }
    return s + suffix(t.getMessage());
  }

  static String memoryLimit(Pod pod, ContainerStatus cs, ContainerStateTerminated t) {
    if (!oom(t) || pod.getSpec() == null) {
      return "";
    }
    return Stream.concat(
            list(pod.getSpec().getInitContainers()).stream(),
            list(pod.getSpec().getContainers()).stream())
        .filter(c -> cs.getName().equals(c.getName()))
        .findFirst()
        .map(Container::getResources)
        .map(r -> r.getLimits() == null ? null : r.getLimits().get("memory"))
        .map(Quantity::toString)
        .map(q -> " (memory limit " + q + ")")
        .orElse(" (no memory limit set)");
  }

  static List<ContainerStatus> allStatuses(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    List<ContainerStatus> all = new ArrayList<>(list(pod.getStatus().getInitContainerStatuses()));
    all.addAll(list(pod.getStatus().getContainerStatuses()));
    return all;
  }

  static ContainerStateWaiting waiting(ContainerStatus cs) {
    return cs.getState() == null ? null : cs.getState().getWaiting();
  }

  static ContainerStateTerminated terminated(ContainerStatus cs) {
    return cs.getState() == null ? null : cs.getState().getTerminated();
  }

  static ContainerStateTerminated lastTerminated(ContainerStatus cs) {
    return cs.getLastState() == null ? null : cs.getLastState().getTerminated();
  }

  static String suffix(String message) {
    return message == null || message.isBlank() ? "" : ": " + message.strip();
  }

  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }
}
