package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisClusterHealthCheckStatus;
import io.aegis.kernel.crd.AegisNodeHealthCheck;
import io.aegis.kernel.crd.AegisNodeHealthCheckStatus;
import io.aegis.kernel.crd.CheckItemResult;
import io.aegis.kernel.crd.ClusterCheckResults;
import io.aegis.kernel.crd.NodeCheckResults;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Timestamps;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A cluster check run as its node checks show it: counters, whether the run is over, and the
 * failing items per node. Pure, so the same children always give the same status (redelivered and
 * concurrent events agree).
 */
final class ClusterAggregation {
  /**
   * @param missing children of the run that no longer exist (deleted by someone); they count as
   *     failed
   * @param timedOut children failed by the run's timeout
   */
  record Outcome(
      int desired,
      int active,
      int succeeded,
      int failed,
      int missing,
      int timedOut,
      ClusterCheckResults results) {
    boolean finished() {
      return active == 0;
    }

    int failingNodes() {
      return results.results.size();
    }

    int failingItems() {
      return results.results.stream()
          .mapToInt(n -> n.resultInfos.values().stream().mapToInt(List::size).sum())
          .sum();
    }
  }

  private ClusterAggregation() {}

  static Outcome of(List<AegisNodeHealthCheck> children, int desired) {
    int active = 0;
    int succeeded = 0;
    int failed = 0;
    int timedOut = 0;
    ClusterCheckResults results = new ClusterCheckResults();
    results.checkType = "Node";
    List<AegisNodeHealthCheck> sorted =
        children.stream()
            .sorted(Comparator.comparing(c -> c.getSpec() == null ? "" : c.getSpec().node))
            .toList();
    for (AegisNodeHealthCheck child : sorted) {
      AegisNodeHealthCheckStatus s = child.getStatus();
      if (!CheckVocabulary.isFinished(s)) {
        active++;
        continue;
      }
      if (CheckVocabulary.SUCCEEDED.equals(s.status)) {
        succeeded++;
      } else {
        failed++;
        if (Conditions.find(s.conditions, ConditionTypes.FAILED)
            .map(c -> ConditionReasons.TIMED_OUT.equals(c.reason))
            .orElse(false)) {
          timedOut++;
        }
      }
      Map<String, List<CheckItemResult>> failing = Findings.failingByModule(s.results);
      if (!failing.isEmpty()) {
        NodeCheckResults node = new NodeCheckResults();
        node.name = child.getSpec().node;
        node.resultInfos = failing;
        results.results.add(node);
      }
    }
    int missing = Math.max(0, desired - children.size());
    return new Outcome(
        Math.max(desired, children.size()),
        active,
        succeeded,
        failed + missing,
        missing,
        timedOut,
        results);
  }

  /**
   * Writes {@code outcome} into the status of a run in progress: counters always; when the run is
   * over, phase {@code Completed} (or {@code Failed} when node checks timed out), completion time,
   * the failing items and the matching condition.
   */
  static void apply(
      AegisClusterHealthCheckStatus status, Outcome outcome, int timeoutSeconds, Clock clock) {
    status.desired = outcome.desired();
    status.active = outcome.active();
    status.succeeded = outcome.succeeded();
    status.failed = outcome.failed();
    if (!outcome.finished()) {
      return;
    }
    if (status.completionTime == null) {
      status.completionTime = Timestamps.now(clock);
    }
    status.checkResults = outcome.results();
    if (outcome.timedOut() > 0) {
      status.phase = CheckVocabulary.FAILED;
      Conditions.set(
          status.conditions,
          ConditionTypes.FAILED,
          Conditions.TRUE,
          ConditionReasons.TIMED_OUT,
          outcome.timedOut()
              + " of "
              + outcome.desired()
              + " node checks did not finish within "
              + timeoutSeconds
              + "s",
          clock);
      return;
    }
    status.phase = CheckVocabulary.COMPLETED;
    Conditions.set(
        status.conditions,
        ConditionTypes.COMPLETE,
        Conditions.TRUE,
        CheckVocabulary.CHECK_COMPLETED,
        summary(outcome),
        clock);
  }

  static String summary(Outcome o) {
    String s =
        o.desired()
            + " node checks: "
            + o.succeeded()
            + " succeeded, "
            + o.failed()
            + " failed"
            + (o.missing() > 0 ? " (" + o.missing() + " deleted before finishing)" : "");
    if (o.failingItems() == 0) {
      return s + "; no failing items";
    }
    return s + "; " + o.failingItems() + " failing items on " + o.failingNodes() + " nodes";
  }
}
