package io.aegis.diagnose.analyzer;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.kernel.ai.PromptKind;
import io.aegis.kernel.json.Json;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds why a Kubeflow PyTorchJob ({@code kubeflow.org/v1}) is unhealthy: its most significant
 * condition, its replica counts, its warning events, and the Pod analyzer's findings for the master
 * pod and up to a few abnormal worker pods. Pure: the caller fetches and runs the Pod analyzer for
 * the pods {@link #select} picks.
 */
public final class PytorchJobAnalyzer {
  public static final String JOB_NAME_LABEL = "training.kubeflow.org/job-name";
  public static final String REPLICA_TYPE_LABEL = "training.kubeflow.org/replica-type";

  /** Condition types by significance: the first that is True is the job's state. */
  static final List<String> PRIORITY =
      List.of("Failed", "Restarting", "Succeeded", "Suspended", "Running", "Created");

  private final int maxEvents;
  private final int maxWorkers;

  public PytorchJobAnalyzer(int maxEvents, int maxWorkers) {
    this.maxEvents = maxEvents;
    this.maxWorkers = maxWorkers;
  }

  /** The job's state: the first True condition in {@link #PRIORITY} order. */
  public static Optional<JsonNode> activeCondition(GenericKubernetesResource job) {
    JsonNode conditions = tree(job).path("status").path("conditions");
    for (String type : PRIORITY) {
      for (JsonNode c : conditions) {
        if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The pods worth analysing: none when the job Succeeded or is Suspended; otherwise the master pod
   * and up to {@code maxWorkers} abnormal workers (Failed, Pending, Unknown, or Running but not
   * Ready).
   */
  public PodSelection select(GenericKubernetesResource job, List<Pod> pods) {
    List<Pod> masters = role(pods, "master");
    List<Pod> workers = role(pods, "worker");
    String state = activeCondition(job).map(c -> c.path("type").asText()).orElse("");
    if (state.equals("Succeeded") || state.equals("Suspended")) {
      return new PodSelection(masters.size(), workers.size(), List.of(), List.of(), 0);
    }
    List<Pod> abnormal = workers.stream().filter(PytorchJobAnalyzer::abnormal).toList();
    List<Pod> chosen = abnormal.size() > maxWorkers ? abnormal.subList(0, maxWorkers) : abnormal;
    return new PodSelection(
        masters.size(),
        workers.size(),
        masters.isEmpty() ? List.of() : List.of(masters.get(0)),
        chosen,
        workers.size() - abnormal.size());
  }

  /**
   * @param events the job's events
   * @param selection what {@link #select} chose
   * @param podFindings the Pod analyzer's findings for each selected pod, by pod name
   */
  public Analysis analyze(
      GenericKubernetesResource job,
      List<Event> events,
      PodSelection selection,
      Map<String, List<Finding>> podFindings) {
    Analysis.Builder out = Analysis.builder(PromptKind.DIAGNOSE_PYTORCHJOB);
    JsonNode root = tree(job);
    String jobName = job.getMetadata().getName();
    Optional<JsonNode> active = activeCondition(job);
    String state = active.map(c -> c.path("type").asText()).orElse("Unknown");
    String detail = active.map(PytorchJobAnalyzer::reasonAndMessage).orElse("");
    switch (state) {
      case "Failed" -> out.failure(FindingType.JOB_FAILED, "Job failed: " + detail);
      case "Restarting" -> out.warning(FindingType.JOB_RESTARTING, "Job is restarting: " + detail);
      case "Succeeded" -> out.info(FindingType.CONTEXT, "Job completed successfully.");
      case "Suspended" -> out.info(FindingType.CONTEXT, "Job is suspended.");
      case "Running", "Created" -> out.info(FindingType.CONTEXT, "Job is " + state + ".");
      default -> {
        out.warning(FindingType.JOB_STATE, "Job has no active condition");
        out.undetermined();
      }
    }
    String masterExpected = expected(root, "Master");
    String workerExpected = expected(root, "Worker");
    out.info(FindingType.CONTEXT, replicas(root, "Master", masterExpected, selection.masters()));
    out.info(FindingType.CONTEXT, replicas(root, "Worker", workerExpected, selection.workers()));
    for (EventLines.Merged e : EventLines.warnings(events, maxEvents)) {
      out.warning(FindingType.EVENT, e.line());
    }
    boolean analysePods = !state.equals("Succeeded") && !state.equals("Suspended");
    String masterDiagnosis = "";
    if (analysePods && selection.master().isEmpty()) {
      out.warning(
          FindingType.JOB_PODS,
          "no master pod found (labels "
              + JOB_NAME_LABEL
              + "="
              + jobName
              + ", "
              + REPLICA_TYPE_LABEL
              + "=master); it may not be created yet or was cleaned up");
    }
    for (Pod master : selection.master()) {
      List<Finding> findings = podFindings.getOrDefault(name(master), List.of());
      findings.forEach(f -> out.add(f.prefixed("master pod " + name(master) + ": ")));
      masterDiagnosis = podSummary(findings);
    }
    List<String> workerBlocks = new ArrayList<>();
    for (Pod worker : selection.abnormalWorkers()) {
      List<Finding> findings = podFindings.getOrDefault(name(worker), List.of());
      findings.forEach(f -> out.add(f.prefixed("worker pod " + name(worker) + ": ")));
      workerBlocks.add("Worker Pod " + name(worker) + " (Abnormal):\n" + podSummary(findings));
    }
    if (selection.healthyWorkers() > 0) {
      workerBlocks.add(
          "Other "
              + selection.healthyWorkers()
              + " worker pod(s) are healthy (Running and Ready, or Succeeded).");
    }
    return out.variable("Name", jobName)
        .variable("Namespace", job.getMetadata().getNamespace())
        .variable("JobName", jobName)
        .variable("JobStatus", state)
        .variable("MasterExpected", masterExpected)
        .variable("MasterCreatedCount", String.valueOf(selection.masters()))
        .variable("WorkerExpected", workerExpected)
        .variable("WorkerCreatedCount", String.valueOf(selection.workers()))
        .variable("MasterDiagnosis", masterDiagnosis)
        .variable("WorkerDiagnosis", String.join("\n---\n", workerBlocks))
        .build();
  }

  /** A pod's findings as one text block for the prompt. */
  static String podSummary(List<Finding> findings) {
    if (findings.stream().noneMatch(f -> f.level() != Finding.Level.INFO)) {
      return "No issues detected. Pod is running and healthy.";
    }
    StringBuilder s = new StringBuilder();
    for (Finding.Level level : Finding.Level.values()) {
      List<String> lines =
          findings.stream().filter(f -> f.level() == level).map(Finding::text).toList();
      if (!lines.isEmpty()) {
        s.append(
                switch (level) {
                  case FAILURE -> "Errors:\n";
                  case WARNING -> "Events:\n";
                  case INFO -> "Logs:\n";
                })
            .append(String.join("\n", lines))
            .append('\n');
      }
    }
    return s.toString().strip();
  }

  static boolean abnormal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (phase == null || List.of("Failed", "Pending", "Unknown").contains(phase)) {
      return true;
    }
    if ("Running".equals(phase)) {
      return pod.getStatus().getConditions() == null
          || pod.getStatus().getConditions().stream()
              .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
    return false;
  }

  private static String reasonAndMessage(JsonNode c) {
    String reason = c.path("reason").asText("");
    String message = c.path("message").asText("");
    if (reason.isEmpty()) {
      return message.isEmpty() ? "(no reason given)" : message;
    }
    return message.isEmpty() ? reason : reason + " - " + message;
  }

  private static String expected(JsonNode root, String type) {
    JsonNode spec = root.path("spec").path("pytorchReplicaSpecs").path(type);
    if (spec.isMissingNode() || spec.isNull()) {
      return "0";
    }
    return String.valueOf(spec.path("replicas").asInt(1));
  }

  private static String replicas(JsonNode root, String type, String expected, int created) {
    JsonNode s = root.path("status").path("replicaStatuses").path(type);
    return type
        + " replicas: "
        + expected
        + " expected, "
        + created
        + " pods found (active "
        + s.path("active").asInt(0)
        + ", succeeded "
        + s.path("succeeded").asInt(0)
        + ", failed "
        + s.path("failed").asInt(0)
        + ")";
  }

  private static List<Pod> role(List<Pod> pods, String role) {
    return pods.stream()
        .filter(
            p -> {
              Map<String, String> labels = p.getMetadata().getLabels();
              String value = labels == null ? null : labels.get(REPLICA_TYPE_LABEL);
              return value != null && value.toLowerCase(Locale.ROOT).equals(role);
            })
        .sorted(Comparator.comparing(PytorchJobAnalyzer::name))
        .toList();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private static JsonNode tree(GenericKubernetesResource job) {
    return Json.MAPPER.valueToTree(job);
  }

  /**
   * The pods chosen for analysis.
   *
   * @param masters number of master pods found
   * @param workers number of worker pods found
   * @param master the master pod to analyse (at most one)
   * @param abnormalWorkers the abnormal workers to analyse
   * @param healthyWorkers workers that are not abnormal (not analysed)
   */
  public record PodSelection(
      int masters, int workers, List<Pod> master, List<Pod> abnormalWorkers, int healthyWorkers) {
    public List<Pod> all() {
      List<Pod> all = new ArrayList<>(master);
      all.addAll(abnormalWorkers);
      return all;
    }
  }
}
