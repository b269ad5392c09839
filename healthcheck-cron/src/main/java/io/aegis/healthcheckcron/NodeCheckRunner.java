package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheckStatus;
import io.aegis.kernel.crd.CheckItemResult;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.StatusWriter;
import io.aegis.kernel.kube.Timestamps;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The life of one AegisNodeHealthCheck: create its check pod, follow the pod's phase, and on the
 * end read the results from the log. Every step is idempotent: the pod has a deterministic name
 * (create-or-409), status writes go through the {@link StatusWriter} and never leave a finished
 * state, and what is reported about findings (node events, alerts) is reported before the check is
 * marked finished, so a failure there is retried with the event.
 */
@Component
class NodeCheckRunner {
  private static final Logger log = LoggerFactory.getLogger(NodeCheckRunner.class);

  private final KubernetesClient client;
  private final StatusWriter status;
  private final PodLogs logs;
  private final FindingReporter findings;
  private final Clock clock;
  private final int tailLines;

  NodeCheckRunner(
      KubernetesClient client,
      StatusWriter status,
      PodLogs logs,
      FindingReporter findings,
      Clock clock,
      HealthcheckCronProperties properties) {
    this.client = client;
    this.status = status;
    this.logs = logs;
    this.findings = findings;
    this.clock = clock;
    this.tailLines = properties.healthcheck().logTailLines();
  }

  /**
   * Makes sure the check runs: fails it when it cannot (bad template, unknown node, pod refused),
   * creates its pod when there is none yet, or applies the state of the pod that exists.
   */
  void ensureStarted(AegisNodeHealthCheck check) {
    if (CheckVocabulary.isFinished(check.getStatus())) {
      return;
    }
    String problem = CheckPod.problem(check.getSpec()).orElse(null);
    if (problem != null) {
      fail(check, ConditionReasons.TEMPLATE_INVALID, problem);
      return;
    }
    String ns = check.getMetadata().getNamespace();
    String podName = CheckPod.podName(check);
    Pod pod = client.pods().inNamespace(ns).withName(podName).get();
    if (pod != null) {
      observe(check, pod);
      return;
    }
    if (check.getStatus() != null && check.getStatus().startTime != null) {
      fail(check, CheckVocabulary.POD_DELETED, "check pod " + podName + " is gone");
      return;
    }
    String node = check.getSpec().node;
    if (client.nodes().withName(node).get() == null) {
      fail(check, CheckVocabulary.NODE_NOT_FOUND, "node " + node + " does not exist");
      return;
    }
    try {
      pod = KubeCalls.createOrGet(client, CheckPod.build(check, ruleConfigMaps(check)));
    } catch (KubernetesClientException e) {
      if (!KubeCalls.isPermanent(e)) {
        throw KubeCalls.unavailable("creating check pod " + ns + "/" + podName, e);
      }
      fail(
          check,
          CheckVocabulary.POD_CREATE_FAILED,
          "the API server refused the check pod: " + KubeCalls.describe(e));
      return;
    }
    log.info(
        "check pod {}/{} runs node check {} on node {}",
        ns,
        podName,
        check.getMetadata().getName(),
        node);
    observe(check, pod);
  }

  /**
   * Applies the check pod's phase to the node check: Pending, Running (→ Checking), Unknown, or the
   * end (Succeeded / Failed, with the results from the log). A null pod is a pod that is gone.
   */
  void observe(AegisNodeHealthCheck check, Pod pod) {
    if (CheckVocabulary.isFinished(check.getStatus())) {
      return;
    }
    if (pod == null) {
      fail(
          check,
          CheckVocabulary.POD_DELETED,
          "check pod " + CheckPod.podName(check) + " was deleted before it finished");
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      finish(check, pod, "Succeeded".equals(phase));
    } else if ("Running".equals(phase)) {
      write(check, s -> progress(s, CheckVocabulary.CHECKING));
    } else if ("Unknown".equals(phase)) {
      write(check, s -> progress(s, CheckVocabulary.UNKNOWN));
    } else {
      write(check, s -> progress(s, CheckVocabulary.PENDING));
    }
  }

  /** Fails an unfinished check because its time is up, and removes its pod. */
  void timeOut(AegisNodeHealthCheck check, String message) {
    if (CheckVocabulary.isFinished(check.getStatus())) {
      return;
    }
    fail(check, ConditionReasons.TIMED_OUT, message);
    deletePod(check);
  }

  /** Deletes the check pod of {@code check}, if any. */
  void deletePod(AegisNodeHealthCheck check) {
    Pod pod = new Pod();
    pod.setMetadata(new ObjectMeta());
    pod.getMetadata().setName(CheckPod.podName(check));
    pod.getMetadata().setNamespace(check.getMetadata().getNamespace());
    KubeCalls.deleteQuietly(client, pod);
  }

  private void finish(AegisNodeHealthCheck check, Pod pod, boolean podSucceeded) {
    ResultsParser.Parsed parsed = readResults(check, pod);
    Map<String, List<CheckItemResult>> results = parsed.ok() ? parsed.results() : Map.of();
    String outcome;
    String reason;
    String message;
    if (podSucceeded && parsed.ok()) {
      outcome = CheckVocabulary.SUCCEEDED;
      reason = ConditionReasons.CHECK_SUCCEEDED;
      int items = results.values().stream().mapToInt(List::size).sum();
      message = items + " items checked, " + Findings.of(results).size() + " failing";
    } else if (podSucceeded) {
      outcome = CheckVocabulary.FAILED;
      reason = parsed.reason();
      message = parsed.message();
    } else {
      outcome = CheckVocabulary.FAILED;
      reason = ConditionReasons.CHECK_FAILED;
      message = CheckPod.failureOf(pod);
    }
    findings.report(check, Findings.of(results));
    String now = Timestamps.now(clock);
    write(
        check,
        s -> {
          s.status = outcome;
          s.results = new LinkedHashMap<>(results);
          s.completionTime = now;
          if (s.startTime == null) {
            s.startTime = now;
          }
          String type =
              CheckVocabulary.SUCCEEDED.equals(outcome)
                  ? ConditionTypes.COMPLETE
                  : ConditionTypes.FAILED;
          Conditions.set(s.conditions, type, Conditions.TRUE, reason, message, clock);
        });
    log.info(
        "node check {}/{} on node {}: {} ({}: {})",
        check.getMetadata().getNamespace(),
        check.getMetadata().getName(),
        check.getSpec().node,
        outcome,
        reason,
        message);
  }

  /** The results in the pod's log; a failed pod's unreadable log just means no results. */
  private ResultsParser.Parsed readResults(AegisNodeHealthCheck check, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    try {
      return ResultsParser.parse(
          logs.tail(ns, name, CheckPod.containerName(check.getSpec()), tailLines));
    } catch (KubernetesClientException e) {
      if (!KubeCalls.isPermanent(e)) {
        throw KubeCalls.unavailable("reading the log of check pod " + ns + "/" + name, e);
      }
      return ResultsParser.Parsed.failure(
          CheckVocabulary.RESULTS_UNAVAILABLE,
          "cannot read the log of check pod " + name + ": " + KubeCalls.describe(e));
    }
  }

  private void fail(AegisNodeHealthCheck check, String reason, String message) {
    String now = Timestamps.now(clock);
    write(
        check,
        s -> {
          s.status = CheckVocabulary.FAILED;
          s.completionTime = now;
          if (s.startTime == null) {
            s.startTime = now;
          }
          Conditions.set(
              s.conditions, ConditionTypes.FAILED, Conditions.TRUE, reason, message, clock);
        });
    log.info(
        "node check {}/{} failed: {}: {}",
        check.getMetadata().getNamespace(),
        check.getMetadata().getName(),
        reason,
        message);
  }

  /** Moves an unfinished check to {@code state}; never back from Checking to Pending. */
  private void progress(AegisNodeHealthCheckStatus s, String state) {
    if (s.startTime == null) {
      s.startTime = Timestamps.now(clock);
    }
    if (CheckVocabulary.PENDING.equals(state) && CheckVocabulary.CHECKING.equals(s.status)) {
      return;
    }
    s.status = state;
  }

  /** A status write that never touches a finished check (a later event cannot undo the end). */
  private void write(AegisNodeHealthCheck check, Consumer<AegisNodeHealthCheckStatus> mutate) {
    status.update(
        AegisNodeHealthCheck.class,
        check.getMetadata().getNamespace(),
        check.getMetadata().getName(),
        (AegisNodeHealthCheckStatus s) -> {
          if (!CheckVocabulary.isFinished(s)) {
            mutate.accept(s);
          }
        });
  }

  private List<String> ruleConfigMaps(AegisNodeHealthCheck check) {
    List<String> names = new ArrayList<>();
    for (ConfigMap cm :
        client.configMaps().inNamespace(check.getMetadata().getNamespace()).list().getItems()) {
      if (Selectors.matches(check.getSpec().ruleConfigmapSelector, cm.getMetadata().getLabels())) {
        names.add(cm.getMetadata().getName());
      }
    }
    return names;
  }
}
