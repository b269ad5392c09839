package io.aegis.trackstatus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertSpec;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AegisDiagnosisSpec;
import io.aegis.kernel.crd.AegisDiagnosisStatus;
import io.aegis.kernel.crd.AlertOpsStatus;
import io.aegis.kernel.crd.AlertTtlStrategy;
import io.aegis.kernel.crd.DiagnosisTtlStrategy;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.crd.TriggerStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {
  static final String DONE = "2025-03-14T10:00:00Z";
  static final Instant DONE_AT = Instant.parse(DONE);
  final TrackStatusProperties props = TrackStatusProperties.defaults();

  static AegisAlert alert(TriggerStatus trigger, OpsStatus ops, String completion) {
    AegisAlert a = new AegisAlert();
    a.getMetadata().setCreationTimestamp("2025-03-14T09:00:00Z");
    a.setSpec(new AegisAlertSpec());
    a.setStatus(new AegisAlertStatus());
    a.getStatus().startTime = "2025-03-14T09:00:00Z";
    a.getStatus().opsStatus = new AlertOpsStatus();
    a.getStatus().opsStatus.triggerStatus = trigger;
    a.getStatus().opsStatus.alertOpsStatus = ops;
    a.getStatus().opsStatus.completionTime = completion;
    return a;
  }

  @Test
  void defaultsAreOneDayAfterSuccessThreeAfterFailureOneAfterNoOpsCountedFromCompletion() {
    assertThat(
            Retention.alertExpiry(alert(TriggerStatus.Triggered, OpsStatus.Succeeded, DONE), props))
        .contains(DONE_AT.plusSeconds(86_400));
    assertThat(Retention.alertExpiry(alert(TriggerStatus.Triggered, OpsStatus.Failed, DONE), props))
        .contains(DONE_AT.plusSeconds(3 * 86_400));
    assertThat(Retention.alertExpiry(alert(TriggerStatus.RuleNotFound, null, DONE), props))
        .contains(DONE_AT.plusSeconds(86_400));
  }

  @Test
  void theAlertsTtlStrategyWins() {
    AegisAlert a = alert(TriggerStatus.Triggered, OpsStatus.Failed, DONE);
    a.getSpec().ttlStrategy = new AlertTtlStrategy();
    a.getSpec().ttlStrategy.secondsAfterFailure = 30;
    assertThat(Retention.alertExpiry(a, props)).contains(DONE_AT.plusSeconds(30));
    AegisAlert noOps = alert(TriggerStatus.TemplateNotFound, null, DONE);
    noOps.getSpec().ttlStrategy = new AlertTtlStrategy();
    noOps.getSpec().ttlStrategy.secondsAfterNoOps = 5;
    assertThat(Retention.alertExpiry(noOps, props)).contains(DONE_AT.plusSeconds(5));
  }

  @Test
  void aNoOpsAlertWithoutCompletionTimeCountsFromWhenItWasLastSeen() {
    AegisAlert a = alert(TriggerStatus.RuleNotFound, null, null);
    a.getStatus().lastSeenTime = "2025-03-14T09:10:00Z";
    assertThat(Retention.alertExpiry(a, props))
        .contains(Instant.parse("2025-03-14T09:10:00Z").plusSeconds(86_400));
  }

  @Test
  void alertsInProgressNeverExpire() {
    assertThat(
            Retention.alertExpiry(alert(TriggerStatus.Triggered, OpsStatus.Running, null), props))
        .isEmpty();
    assertThat(Retention.alertExpiry(alert(null, null, null), props)).isEmpty();
    AegisAlert fresh = new AegisAlert();
    fresh.getMetadata().setCreationTimestamp(DONE);
    assertThat(Retention.alertExpiry(fresh, props)).isEmpty();
  }

  static AegisDiagnosis diagnosis(String phase, DiagnosisTtlStrategy ttl) {
    AegisDiagnosis d = new AegisDiagnosis();
    d.setSpec(new AegisDiagnosisSpec());
    d.getSpec().ttlStrategy = ttl;
    d.setStatus(new AegisDiagnosisStatus());
    d.getStatus().phase = phase;
    d.getStatus().completionTime = DONE;
    return d;
  }

  @Test
  void diagnosisTtlCountsFromCompletionAndTheOutcomeSpecificFieldWins() {
    DiagnosisTtlStrategy ttl = new DiagnosisTtlStrategy();
    ttl.secondsAfterCompletion = 600;
    ttl.secondsAfterFailure = 60;
    assertThat(Retention.diagnosisExpiry(diagnosis("Completed", ttl)))
        .contains(DONE_AT.plusSeconds(600));
    assertThat(Retention.diagnosisExpiry(diagnosis("Failed", ttl)))
        .contains(DONE_AT.plusSeconds(60));
  }

  @Test
  void diagnosesWithoutTtlOrStillRunningAreKept() {
    assertThat(Retention.diagnosisExpiry(diagnosis("Completed", null))).isEmpty();
    DiagnosisTtlStrategy ttl = new DiagnosisTtlStrategy();
    ttl.secondsAfterCompletion = 1;
    assertThat(Retention.diagnosisExpiry(diagnosis("Diagnosing", ttl))).isEmpty();
  }
}
