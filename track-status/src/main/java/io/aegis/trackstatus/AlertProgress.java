package io.aegis.trackstatus;

import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.trackstatus.WorkflowObservation.Phase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  static final String CONDITION_COMPLETE = "Complete";
  static final String CONDITION_FAILED = "Failed";
  static final String REASON_SUCCEEDED = "WorkflowSucceeded";
  static final String REASON_FAILED = "WorkflowFailed";
  static final String REASON_ERROR = "WorkflowError";
  static final String REASON_DELETED = "WorkflowDeleted";

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
    return status.conditions != null
        && status.conditions.stream()
            .anyMatch(
                c ->
                    "True".equals(c.status)
                        && (CONDITION_COMPLETE.equals(c.type) || CONDITION_FAILED.equals(c.type)));
  }

  /** Applies {@code seen} to {@code status} (mutated in place) at time {@code now}. */
  static Result apply(AegisAlertStatus status, Observation seen, Instant now) {
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
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (seen.phase().isCompleted()) {
      return finish(status, seen, nowText);
    }
    if (seen.deleted()) {
      String message =
          "Workflow "
              + seen.workflow()
              + " was deleted before it finished"
              + (seen.phase() == Phase.NONE ? "" : " (last phase " + seen.phase() + ")");
      return markFinished(
          status, OpsStatus.Failed, CONDITION_FAILED, REASON_DELETED, message, null, nowText);
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

  private static Result finish(AegisAlertStatus status, Observation seen, String nowText) {
    String completion = firstNonNull(seen.finishedAt(), nowText);
    if (seen.phase() == Phase.Succeeded) {
      String message = firstNonNull(seen.message(), "Workflow " + seen.workflow() + " succeeded");
      return markFinished(
          status,
          OpsStatus.Succeeded,
          CONDITION_COMPLETE,
          REASON_SUCCEEDED,
          message,
          seen.startedAt(),
          completion);
    }
    String message =
        firstNonNull(
            seen.message(),
            "Workflow " + seen.workflow() + " ended in phase " + seen.phase() + " without message");
    String reason = seen.phase() == Phase.Error ? REASON_ERROR : REASON_FAILED;
    return markFinished(
        status, OpsStatus.Failed, CONDITION_FAILED, reason, message, seen.startedAt(), completion);
  }

  private static Result markFinished(
      AegisAlertStatus status,
      OpsStatus outcome,
      String conditionType,
      String reason,
      String message,
      String startedAt,
      String completion) {
    AlertOpsStatus ops = status.opsStatus;
    ops.alertOpsStatus = outcome;
    ops.startTime = firstNonNull(ops.startTime, startedAt);
    ops.completionTime = completion;
    ops.total = firstNonNull(ops.total, 1);
    ops.active = 0;
    ops.succeeded = outcome == OpsStatus.Succeeded ? 1 : firstNonNull(ops.succeeded, 0);
    ops.failed = outcome == OpsStatus.Failed ? 1 : firstNonNull(ops.failed, 0);
    ops.message = message;
    setCondition(status, new Condition(conditionType, "True", reason, message, completion));
    return new Result(Step.FINISHED, outcome, reason, message);
  }

  /** Replaces the condition of the same type; keeps its lastTransitionTime unless status flips. */
  private static void setCondition(AegisAlertStatus status, Condition condition) {
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    for (int i = 0; i < status.conditions.size(); i++) {
      Condition old = status.conditions.get(i);
      if (condition.type.equals(old.type)) {
        if (condition.status.equals(old.status)) {
          condition.lastTransitionTime = old.lastTransitionTime;
        }
        status.conditions.set(i, condition);
        return;
      }
    }
    status.conditions.add(condition);
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
