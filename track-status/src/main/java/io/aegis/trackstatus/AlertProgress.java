package io.aegis.trackstatus;

import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Timestamps;
import io.aegis.trackstatus.WorkflowObservation.Phase;
import java.time.Clock;
import java.util.ArrayList;

/**
 * The state machine that maps what a workflow did onto its alert's status. Pure: it mutates the
 * status it is given and says what it did, so it can run inside a conflict-retrying status write
 * and be re-run on a fresh copy.
 *
 * <p>The alert only moves forward: Pending → Running → Succeeded | Failed. Finished is terminal, so
 * a redelivered, reordered or concurrent event for a finished alert changes nothing, and exactly
 * one write moves an alert to finished. That write's caller owns the side effects of finishing
 * (counters, the {@code io.aegis.alert.finished.v1} event).
 */
final class AlertProgress {

  /** What the workflow did, as seen in one event or one GET. */
  record Observation(
      String workflow,
      Phase phase,
      String message,
      String startedAt,
      String finishedAt,
      boolean deleting,
      boolean deleted) {

    static Observation of(WorkflowObservation wf, boolean deleted) {
      return new Observation(
          wf.name(),
          wf.phase(),
          wf.message(),
          wf.startedAt(),
          wf.finishedAt(),
          wf.metadata().deletionTimestamp() != null,
          deleted);
    }

    /** The workflow vanished (delete event, or 404 on reconcile) without having finished. */
    static Observation vanished(String workflow) {
      return new Observation(workflow, Phase.NONE, null, null, null, true, true);
    }
  }

  /** What {@link #apply} did. */
  enum Step {
    /** The alert names another workflow: this event is not about it. */
    OTHER_WORKFLOW,
    /** No workflow was triggered for the alert (RuleNotFound, TriggerFailed, ...). */
    NO_OPS,
    /** render-submit has not marked the alert Triggered yet, but the event needs it to be. */
    NOT_TRIGGERED,
    /** The alert already finished; the event is a redelivery, a late one, or Argo's TTL delete. */
    ALREADY_FINISHED,
    /** Nothing new (no phase yet, still pending, already running). */
    UNCHANGED,
    /** The alert moved to Running. */
    STARTED,
    /** The alert moved to Succeeded or Failed: the caller owns the finishing side effects. */
    FINISHED
  }

  /** Outcome of one application; for {@link Step#FINISHED} also how and why. */
  record Result(Step step, OpsStatus outcome, String reason, String message) {
    static Result of(Step step) {
      return new Result(step, null, null, null);
    }
  }

  private AlertProgress() {}

  /** True when the alert reached a terminal ops state (its workflow finished or vanished). */
  static boolean isFinished(AegisAlertStatus status) {
    if (status == null) {
      return false;
    }
    if (status.opsStatus != null
        && status.opsStatus.alertOpsStatus != null
        && status.opsStatus.alertOpsStatus.isFinished()) {
      return true;
    }
    return Conditions.isTrue(status.conditions, ConditionTypes.COMPLETE)
        || Conditions.isTrue(status.conditions, ConditionTypes.FAILED);
  }

  /** Applies {@code seen} to {@code status} (mutated in place) at the time {@code clock} tells. */
  static Result apply(AegisAlertStatus status, Observation seen, Clock clock) {
    AlertOpsStatus ops = status.opsStatus;
    if (ops != null && ops.workflow != null && !ops.workflow.equals(seen.workflow())) {
      return Result.of(Step.OTHER_WORKFLOW);
    }
    if (isFinished(status)) {
      return Result.of(Step.ALREADY_FINISHED);
    }
    boolean actionable =
        seen.phase() == Phase.Running || seen.phase().isCompleted() || seen.deleted();
    if (ops == null || ops.triggerStatus == null) {
      return Result.of(actionable ? Step.NOT_TRIGGERED : Step.UNCHANGED);
    }
    if (ops.triggerStatus != TriggerStatus.Triggered) {
      return Result.of(Step.NO_OPS);
    }
    String nowText = Timestamps.now(clock);
    if (seen.phase().isCompleted()) {
      return finish(status, seen, nowText, clock);
    }
    if (seen.deleted()) {
      String message =
          "Workflow "
              + seen.workflow()
              + " was deleted before it finished"
              + (seen.phase() == Phase.NONE ? "" : " (last phase " + seen.phase() + ")");
      return markFinished(
          status,
          OpsStatus.Failed,
          ConditionTypes.FAILED,
          ConditionReasons.WORKFLOW_DELETED,
          message,
          null,
          nowText,
          clock);
    }
    if (seen.phase() == Phase.Running
        && !seen.deleting()
        && ops.alertOpsStatus != OpsStatus.Running) {
      ops.alertOpsStatus = OpsStatus.Running;
      ops.startTime = firstNonNull(ops.startTime, seen.startedAt(), nowText);
      ops.total = firstNonNull(ops.total, 1);
      ops.active = 1;
      ops.message = "Workflow " + seen.workflow() + " is running";
      return Result.of(Step.STARTED);
    }
    return Result.of(Step.UNCHANGED);
  }

  private static Result finish(
      AegisAlertStatus status, Observation seen, String nowText, Clock clock) {
    String completion = firstNonNull(seen.finishedAt(), nowText);
    if (seen.phase() == Phase.Succeeded) {
      String message = firstNonNull(seen.message(), "Workflow " + seen.workflow() + " succeeded");
      return markFinished(
          status,
          OpsStatus.Succeeded,
          ConditionTypes.COMPLETE,
          ConditionReasons.WORKFLOW_SUCCEEDED,
          message,
          seen.startedAt(),
          completion,
          clock);
    }
    String message =
        firstNonNull(
            seen.message(),
            "Workflow " + seen.workflow() + " ended in phase " + seen.phase() + " without message");
    String reason =
        seen.phase() == Phase.Error
            ? ConditionReasons.WORKFLOW_ERROR
            : ConditionReasons.WORKFLOW_FAILED;
    return markFinished(
        status,
        OpsStatus.Failed,
        ConditionTypes.FAILED,
        reason,
        message,
        seen.startedAt(),
        completion,
        clock);
  }

  private static Result markFinished(
      AegisAlertStatus status,
      OpsStatus outcome,
      String conditionType,
      String reason,
      String message,
      String startedAt,
      String completion,
      Clock clock) {
    AlertOpsStatus ops = status.opsStatus;
    ops.alertOpsStatus = outcome;
    ops.startTime = firstNonNull(ops.startTime, startedAt);
    ops.completionTime = completion;
    ops.total = firstNonNull(ops.total, 1);
    ops.active = 0;
    ops.succeeded = outcome == OpsStatus.Succeeded ? 1 : firstNonNull(ops.succeeded, 0);
    ops.failed = outcome == OpsStatus.Failed ? 1 : firstNonNull(ops.failed, 0);
    ops.message = message;
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    Conditions.set(status.conditions, conditionType, Conditions.TRUE, reason, message, clock);
    return new Result(Step.FINISHED, outcome, reason, message);
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
