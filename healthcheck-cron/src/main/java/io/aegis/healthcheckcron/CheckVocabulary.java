package io.aegis.healthcheckcron;

import io.aegis.kernel.crd.AegisNodeHealthCheckStatus;

/**
 * The words healthcheck-cron writes: node-check statuses, cluster-check phases, the labels it puts
 * on what it creates, and the condition reasons only health checks use (shared ones such as {@code
 * CheckSucceeded} and {@code TimedOut} come from the kernel's {@code ConditionReasons}).
 */
final class CheckVocabulary {
  // AegisNodeHealthCheck status.status
  static final String PENDING = "Pending";
  static final String CHECKING = "Checking";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";
  static final String UNKNOWN = "Unknown";

  // AegisClusterHealthCheck status.phase (Pending, Checking and Failed are shared with the above)
  static final String COMPLETED = "Completed";

  /** On a child node check: the (sanitised) name of the cluster check that created it. */
  static final String CLUSTER_CHECK_LABEL = "aegis.io/cluster-health-check";

  /** On a child node check: the run it belongs to, the scheduled time in epoch seconds. */
  static final String RUN_LABEL = "aegis.io/run";

  /** On an AegisAlert recorded from a finding: its episode number (as parse-alert numbers them). */
  static final String EPISODE_LABEL = "aegis.io/episode";

  // Condition reasons specific to health checks.
  static final String NODE_NOT_FOUND = "NodeNotFound";
  static final String POD_CREATE_FAILED = "PodCreateFailed";
  static final String POD_DELETED = "PodDeleted";
  static final String RESULTS_MISSING = "ResultsMissing";
  static final String RESULTS_UNPARSEABLE = "ResultsUnparseable";
  static final String RESULTS_UNAVAILABLE = "ResultsUnavailable";
  static final String NO_NODES_SELECTED = "NoNodesSelected";
  static final String NODE_CHECK_CREATE_FAILED = "NodeCheckCreateFailed";
  static final String INVALID_SCHEDULE = "InvalidSchedule";
  static final String CHECK_COMPLETED = "CheckCompleted";

  /** True once a node check reached Succeeded or Failed; it never changes afterwards. */
  static boolean isFinished(AegisNodeHealthCheckStatus status) {
    return status != null && (SUCCEEDED.equals(status.status) || FAILED.equals(status.status));
  }

  private CheckVocabulary() {}
}
