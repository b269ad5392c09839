package io.aegis.trackstatus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import io.aegis.kernel.json.Json;
import io.aegis.trackstatus.AlertProgress.Observation;
import io.aegis.trackstatus.AlertProgress.Step;
import io.aegis.trackstatus.WorkflowObservation.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertProgressTest {
  static final String WF = "default-nodehasemergencyevent-9njt4-s82rh";
  static final Instant NOW = Instant.parse("2025-03-14T09:30:00.123Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Clock LATER = Clock.offset(CLOCK, Duration.ofMinutes(1));

  static AegisAlertStatus triggered() {
    AegisAlertStatus s = new AegisAlertStatus();
    s.opsStatus = new AlertOpsStatus();
    s.opsStatus.triggerStatus = TriggerStatus.Triggered;
    s.opsStatus.alertOpsStatus = OpsStatus.Pending;
    s.opsStatus.total = 1;
    s.opsStatus.workflow = WF;
    return s;
  }

  static Observation seen(Phase phase) {
    return new Observation(
        WF,
        phase,
        phase == Phase.Failed ? "Error (exit code 1)" : null,
        phase == Phase.NONE ? null : "2025-03-14T09:26:40Z",
        phase.isCompleted() ? "2025-03-14T09:26:51Z" : null,
        false,
        false);
  }

  @Test
  void runningMovesPendingAlertToRunningWithTheWorkflowsStartTime() {
    AegisAlertStatus s = triggered();
    assertThat(AlertProgress.apply(s, seen(Phase.Running), CLOCK).step()).isEqualTo(Step.STARTED);
    assertThat(s.opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Running);
    assertThat(s.opsStatus.startTime).isEqualTo("2025-03-14T09:26:40Z");
    assertThat(s.opsStatus.active).isEqualTo(1);
    assertThat(s.conditions).isEmpty();
  }

  @Test
  void runningTwiceChangesNothingTheSecondTime() {
    AegisAlertStatus s = triggered();
    AlertProgress.apply(s, seen(Phase.Running), CLOCK);
    String before = new String(Json.write(s));
    assertThat(AlertProgress.apply(s, seen(Phase.Running), LATER).step()).isEqualTo(Step.UNCHANGED);
    assertThat(new String(Json.write(s))).isEqualTo(before);
  }

  @Test
  void noPhaseOrPendingWorkflowChangesNothing() {
    for (Phase phase : new Phase[] {Phase.NONE, Phase.Pending}) {
      AegisAlertStatus s = triggered();
      String before = new String(Json.write(s));
      assertThat(AlertProgress.apply(s, seen(phase), CLOCK).step()).isEqualTo(Step.UNCHANGED);
      assertThat(new String(Json.write(s))).isEqualTo(before);
    }
  }

  @Test
  void succeededCompletesTheAlert() {
    AegisAlertStatus s = triggered();
    AlertProgress.apply(s, seen(Phase.Running), CLOCK);
    var result = AlertProgress.apply(s, seen(Phase.Succeeded), CLOCK);
    assertThat(result.step()).isEqualTo(Step.FINISHED);
    assertThat(result.outcome()).isEqualTo(OpsStatus.Succeeded);
    assertThat(s.opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Succeeded);
    assertThat(s.opsStatus.completionTime).isEqualTo("2025-03-14T09:26:51Z");
    assertThat(s.opsStatus.total).isEqualTo(1);
    assertThat(s.opsStatus.succeeded).isEqualTo(1);
    assertThat(s.opsStatus.failed).isZero();
    assertThat(s.opsStatus.active).isZero();
    assertThat(s.conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type).isEqualTo("Complete");
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("WorkflowSucceeded");
            });
  }

  @Test
  void succeededWithoutSeeingRunningStillRecordsTheStartTime() {
    AegisAlertStatus s = triggered();
    AlertProgress.apply(s, seen(Phase.Succeeded), CLOCK);
    assertThat(s.opsStatus.startTime).isEqualTo("2025-03-14T09:26:40Z");
  }

  @Test
  void failedCarriesTheWorkflowMessage() {
    AegisAlertStatus s = triggered();
    var result = AlertProgress.apply(s, seen(Phase.Failed), CLOCK);
    assertThat(result.outcome()).isEqualTo(OpsStatus.Failed);
    assertThat(result.reason()).isEqualTo("WorkflowFailed");
    assertThat(s.opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(s.opsStatus.failed).isEqualTo(1);
    assertThat(s.opsStatus.succeeded).isZero();
    assertThat(s.opsStatus.message).isEqualTo("Error (exit code 1)");
    assertThat(s.conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type).isEqualTo("Failed");
              assertThat(c.message).isEqualTo("Error (exit code 1)");
            });
  }

  @Test
  void errorFailsTheAlertWithItsOwnReasonAndAMessageEvenWhenArgoGaveNone() {
    AegisAlertStatus s = triggered();
    var result = AlertProgress.apply(s, seen(Phase.Error), CLOCK);
    assertThat(result.outcome()).isEqualTo(OpsStatus.Failed);
    assertThat(result.reason()).isEqualTo("WorkflowError");
    assertThat(s.conditions.get(0).message).contains(WF).contains("Error");
  }

  @Test
  void finishedIsTerminalForLateRedeliveredAndDeleteEvents() {
    AegisAlertStatus s = triggered();
    AlertProgress.apply(s, seen(Phase.Succeeded), CLOCK);
    String before = new String(Json.write(s));
    for (Observation late :
        new Observation[] {
          seen(Phase.Running), seen(Phase.Succeeded), seen(Phase.Failed), Observation.vanished(WF)
        }) {
      assertThat(AlertProgress.apply(s, late, LATER).step()).isEqualTo(Step.ALREADY_FINISHED);
    }
    assertThat(new String(Json.write(s))).isEqualTo(before);
  }

  @Test
  void aTrueTerminalConditionAloneMeansFinished() {
    AegisAlertStatus s = triggered();
    s.conditions.add(new Condition("Failed", "True", "WorkflowFailed", "x", "t"));
    assertThat(AlertProgress.isFinished(s)).isTrue();
  }

  @Test
  void deletionBeforeFinishingFailsTheAlertWithWorkflowDeleted() {
    AegisAlertStatus s = triggered();
    AlertProgress.apply(s, seen(Phase.Running), CLOCK);
    Observation deleted =
        new Observation(WF, Phase.Running, null, "2025-03-14T09:26:40Z", null, true, true);
    var result = AlertProgress.apply(s, deleted, CLOCK);
    assertThat(result.step()).isEqualTo(Step.FINISHED);
    assertThat(result.reason()).isEqualTo("WorkflowDeleted");
    assertThat(s.opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Failed);
    assertThat(s.opsStatus.completionTime).isEqualTo("2025-03-14T09:30:00Z");
    assertThat(s.conditions.get(0).reason).isEqualTo("WorkflowDeleted");
    assertThat(s.conditions.get(0).message).contains("deleted before it finished");
  }

  @Test
  void deletionCarryingAFinishedPhaseAppliesThatPhaseInstead() {
    AegisAlertStatus s = triggered();
    Observation ttlDeleteOfMissedFinish =
        new Observation(
            WF, Phase.Succeeded, null, "2025-03-14T09:26:40Z", "2025-03-14T09:26:51Z", true, true);
    var result = AlertProgress.apply(s, ttlDeleteOfMissedFinish, CLOCK);
    assertThat(result.outcome()).isEqualTo(OpsStatus.Succeeded);
  }

  @Test
  void aWorkflowBeingDeletedIsNotRunningAnymore() {
    AegisAlertStatus s = triggered();
    Observation deleting =
        new Observation(WF, Phase.Running, null, "2025-03-14T09:26:40Z", null, true, false);
    assertThat(AlertProgress.apply(s, deleting, CLOCK).step()).isEqualTo(Step.UNCHANGED);
  }

  @Test
  void untriggeredAlertAsksForARetryOnlyWhenTheEventMatters() {
    AegisAlertStatus s = new AegisAlertStatus();
    assertThat(AlertProgress.apply(s, seen(Phase.NONE), CLOCK).step()).isEqualTo(Step.UNCHANGED);
    assertThat(AlertProgress.apply(s, seen(Phase.Running), CLOCK).step())
        .isEqualTo(Step.NOT_TRIGGERED);
    assertThat(AlertProgress.apply(s, Observation.vanished(WF), CLOCK).step())
        .isEqualTo(Step.NOT_TRIGGERED);
    assertThat(s.opsStatus).isNull();
  }

  @Test
  void noOpsAlertIsLeftAlone() {
    AegisAlertStatus s = triggered();
    s.opsStatus.triggerStatus = TriggerStatus.TriggerFailed;
    assertThat(AlertProgress.apply(s, seen(Phase.Succeeded), CLOCK).step()).isEqualTo(Step.NO_OPS);
  }

  @Test
  void eventsOfAnotherWorkflowAreNotApplied() {
    AegisAlertStatus s = triggered();
    Observation other =
        new Observation("someone-else", Phase.Failed, "x", null, null, false, false);
    assertThat(AlertProgress.apply(s, other, CLOCK).step()).isEqualTo(Step.OTHER_WORKFLOW);
    assertThat(s.opsStatus.alertOpsStatus).isEqualTo(OpsStatus.Pending);
  }
}
