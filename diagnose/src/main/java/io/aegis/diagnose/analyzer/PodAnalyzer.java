package io.aegis.diagnose.analyzer;

import static io.aegis.diagnose.analyzer.ContainerStates.allStatuses;
import static io.aegis.diagnose.analyzer.ContainerStates.failed;
import static io.aegis.diagnose.analyzer.ContainerStates.lastTerminated;
import static io.aegis.diagnose.analyzer.ContainerStates.list;
import static io.aegis.diagnose.analyzer.ContainerStates.memoryLimit;
import static io.aegis.diagnose.analyzer.ContainerStates.oom;
import static io.aegis.diagnose.analyzer.ContainerStates.suffix;
import static io.aegis.diagnose.analyzer.ContainerStates.terminated;
import static io.aegis.diagnose.analyzer.ContainerStates.termination;
import static io.aegis.diagnose.analyzer.ContainerStates.waiting;

import io.aegis.diagnose.analyzer.ContainerLog.LogRequest;
import io.aegis.kernel.ai.PromptKind;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds why a Pod is unhealthy from the Pod object, its events and (for containers that failed) the
 * tail of their logs. Pure: the caller fetches; {@link #logsWanted} says which logs to fetch.
 */
public final class PodAnalyzer {
  static final Set<String> IMAGE_PULL_REASONS =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "ImageInspectError",
          "RegistryUnavailable");
  static final Set<String> START_REASONS =
      Set.of(
          "CreateContainerError",
          "RunContainerError",
          "PreStartHookError",
          "PreCreateHookError",
          "ContainerCannotRun",
          "StartError");
  static final Set<String> CREATING_EVENT_REASONS =
      Set.of("FailedMount", "FailedAttachVolume", "FailedCreatePodSandBox", "FailedMapVolume");

  private final LogFilter logFilter;
  private final int maxEvents;

  public PodAnalyzer(LogFilter logFilter, int maxEvents) {
    this.logFilter = logFilter;
    this.maxEvents = maxEvents;
  }

  /**
   * The logs worth reading: of containers that terminated with a non-zero exit code, wait in
   * CrashLoopBackOff, or were restarted after such an exit (then the previous instance's log).
   * Containers that never started have no log and are skipped.
   */
  public static List<LogRequest> logsWanted(Pod pod) {
    List<LogRequest> wanted = new ArrayList<>();
    for (ContainerStatus cs : allStatuses(pod)) {
      ContainerStateTerminated now = terminated(cs);
      ContainerStateTerminated last = lastTerminated(cs);
      ContainerStateWaiting waiting = waiting(cs);
      if (now != null && failed(now)) {
        wanted.add(new LogRequest(cs.getName(), false));
      } else if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
        wanted.add(new LogRequest(cs.getName(), false));
      } else if (last != null && failed(last) && cs.getState() != null) {
        wanted.add(new LogRequest(cs.getName(), true));
      }
    }
    return wanted;
  }

  /** Analyses {@code pod}; {@code events} are the pod's events, {@code logs} those fetched. */
  public Analysis analyze(Pod pod, List<Event> events, List<ContainerLog> logs) {
    Analysis.Builder out = Analysis.builder(PromptKind.DIAGNOSE_POD);
    out.addAll(findings(pod, events, logs));
    PodStatus status = pod.getStatus();
    if (status == null || status.getPhase() == null || "Unknown".equals(status.getPhase())) {
      out.undetermined();
    }
    out.variable("Keywords", String.join(",", logFilter.keywords()));
    return out.build();
  }

  /** The findings alone (the PyTorchJob analyzer prefixes them with the pod's role and name). */
  public List<Finding> findings(Pod pod, List<Event> events, List<ContainerLog> logs) {
    Analysis.Builder out = Analysis.builder(PromptKind.DIAGNOSE_POD);
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = status.getPhase();
    if ("Failed".equals(phase) && "Evicted".equals(status.getReason())) {
      out.failure(FindingType.EVICTED, "pod was evicted: " + text(status.getMessage()));
    } else if ("Failed".equals(phase) && status.getReason() != null) {
      out.failure(
          FindingType.POD_FAILED,
          "pod failed: " + status.getReason() + suffix(status.getMessage()));
    } else if (phase == null || "Unknown".equals(phase)) {
      out.warning(
          FindingType.POD_FAILED,
          "pod phase is "
              + (phase == null ? "not reported" : "Unknown")
              + ": the kubelet of its node stopped reporting it");
    }
    if ("Pending".equals(phase)) {
      scheduling(status).ifPresent(c -> out.failure(FindingType.UNSCHEDULABLE, c));
      creating(pod, events).ifPresent(c -> out.failure(FindingType.VOLUME, c));
    }
    for (ContainerStatus cs : list(status.getInitContainerStatuses())) {
      container(pod, cs, true, events, out);
    }
    for (ContainerStatus cs : list(status.getContainerStatuses())) {
      container(pod, cs, false, events, out);
    }
    for (EventLines.Merged e : EventLines.warnings(events, maxEvents)) {
      out.warning(FindingType.EVENT, e.line());
    }
    for (ContainerLog log : logs) {
      out.info(FindingType.CONTEXT, logInfo(log));
    }
    return out.build().findings();
  }

  private static Optional<String> scheduling(PodStatus status) {
    for (PodCondition c : list(status.getConditions())) {
      if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
        if ("Unschedulable".equals(c.getReason())) {
          return Optional.of("pod cannot be scheduled: " + text(c.getMessage()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> creating(Pod pod, List<Event> events) {
    boolean creating =
        allStatuses(pod).stream()
            .map(ContainerStates::waiting)
            .filter(Objects::nonNull)
            .anyMatch(
                w ->
                    "ContainerCreating".equals(w.getReason())
                        || "PodInitializing".equals(w.getReason()));
    if (!creating) {
      return Optional.empty();
    }
    return events.stream()
        .filter(e -> e != null && CREATING_EVENT_REASONS.contains(e.getReason()))
        .max(Comparator.comparing(e -> EventLines.time(e).orElse(Instant.EPOCH)))
        .map(
            e ->
                "containers are stuck in ContainerCreating: "
                    + e.getReason()
                    + suffix(e.getMessage()));
  }

  private void container(
      Pod pod, ContainerStatus cs, boolean init, List<Event> events, Analysis.Builder out) {
    String label = (init ? "init container " : "container ") + cs.getName();
    ContainerStateWaiting waiting = waiting(cs);
    ContainerStateTerminated now = terminated(cs);
    ContainerStateTerminated last = lastTerminated(cs);
    int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    if (waiting != null && waiting.getReason() != null) {
      String reason = waiting.getReason();
      if ("CrashLoopBackOff".equals(reason)) {
        String text = label + " is in CrashLoopBackOff (restarted " + restarts + " times)";
        if (last != null) {
          out.failure(
              oom(last)
                  ? FindingType.OOM_KILLED
                  : init ? FindingType.INIT_FAILED : FindingType.CRASH_LOOP,
              text + "; last termination reason " + termination(last) + memoryLimit(pod, cs, last));
        } else {
          out.failure(init ? FindingType.INIT_FAILED : FindingType.CRASH_LOOP, text);
        }
      } else if (IMAGE_PULL_REASONS.contains(reason)) {
        out.failure(
            FindingType.IMAGE_PULL,
            label
                + " cannot pull image "
                + cs.getImage()
                + ": "
                + reason
                + suffix(waiting.getMessage()));
      } else if ("CreateContainerConfigError".equals(reason)) {
        out.failure(
            FindingType.CONTAINER_CONFIG,
            label
                + " cannot be created: CreateContainerConfigError"
                + suffix(waiting.getMessage()));
      } else if (START_REASONS.contains(reason)) {
        out.failure(
            FindingType.CONTAINER_START,
            label + " cannot start: " + reason + suffix(waiting.getMessage()));
      }
    }
    if (now != null && failed(now)) {
      FindingType type =
          oom(now)
              ? FindingType.OOM_KILLED
              : init ? FindingType.INIT_FAILED : FindingType.CONTAINER_FAILED;
      out.failure(
          type, label + " terminated with reason " + termination(now) + memoryLimit(pod, cs, now));
    }
    if (cs.getState() != null && cs.getState().getRunning() != null) {
      if (last != null && oom(last) && restarts > 0) {
        out.failure(
            FindingType.OOM_KILLED,
            label
                + " was OOMKilled and restarted "
                + restarts
                + " times; last termination reason "
                + termination(last)
                + memoryLimit(pod, cs, last));
      } else if (last != null && failed(last) && restarts > 0) {
        out.warning(
            FindingType.CONTAINER_FAILED,
            label
                + " restarted "
                + restarts
                + " times; last termination reason "
                + termination(last));
      }
      if (!init && !Boolean.TRUE.equals(cs.getReady())) {
        Optional<Event> unhealthy = EventLines.latest(events, "Unhealthy");
        if (unhealthy.isPresent()) {
          out.failure(
              FindingType.PROBE,
              label + " is running but not ready: " + text(unhealthy.get().getMessage()));
        } else {
          out.warning(FindingType.PROBE, label + " is running but not ready yet");
        }
      }
    }
  }

  private String logInfo(ContainerLog log) {
    String which = "container " + log.container() + (log.previous() ? " (previous instance)" : "");
    if (log.text() == null) {
      return which + " logs unavailable: " + log.error();
    }
    List<String> lines = logFilter.filter(log.text());
    if (lines.isEmpty()) {
      return which + " wrote no log lines";
    }
    String header =
        logFilter.keywords().isEmpty()
            ? " last " + lines.size() + " log lines:\n"
            : " log lines (matching " + String.join(",", logFilter.keywords()) + " first):\n";
    return which + header + String.join("\n", lines);
  }

  private static String text(String message) {
    return message == null || message.isBlank() ? "(no message)" : message.strip();
  }
}
