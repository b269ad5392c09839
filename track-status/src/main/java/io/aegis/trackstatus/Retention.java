package io.aegis.trackstatus;

import io.aegis.kernel.crd.AegisAlert;
import io.aegis.kernel.crd.AegisAlertStatus;
import io.aegis.kernel.crd.AegisDiagnosis;
import io.aegis.kernel.crd.AlertTtlStrategy;
import io.aegis.kernel.crd.DiagnosisTtlStrategy;
import io.aegis.kernel.crd.OpsStatus;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When finished alerts and diagnoses may be deleted. TTLs count from completion (the Go original
 * counted from the alert's start, so a long workflow could be deleted as soon as it finished).
 */
final class Retention {
  private Retention() {}

  /**
   * When {@code alert} may be deleted: its ttl after success / failure / no-ops, counted from
   * {@code opsStatus.completionTime} (an alert for which no workflow was started and that carries
   * no completion time counts from when it was last seen). Empty while the alert is still in
   * progress (untriggered, or its workflow still running).
   */
  static Optional<Instant> alertExpiry(AegisAlert alert, TrackStatusProperties props) {
    AegisAlertStatus status = alert.getStatus();
    if (status == null || status.opsStatus == null) {
      return Optional.empty();
    }
    AlertTtlStrategy ttl = alert.getSpec() == null ? null : alert.getSpec().ttlStrategy;
    Duration keep;
    if (AlertProgress.isFinished(status)) {
      boolean succeeded =
          status.opsStatus.alertOpsStatus == OpsStatus.Succeeded
              || Conditions.isTrue(status.conditions, ConditionTypes.COMPLETE);
      keep =
          succeeded
              ? seconds(
                  ttl == null ? null : ttl.secondsAfterSuccess,
                  Duration.ofSeconds(props.alertTtl().secondsAfterSuccess()))
              : seconds(
                  ttl == null ? null : ttl.secondsAfterFailure,
                  Duration.ofSeconds(props.alertTtl().secondsAfterFailure()));
    } else if (status.opsStatus.triggerStatus != null && status.opsStatus.triggerStatus.isNoOps()) {
      keep =
          seconds(
              ttl == null ? null : ttl.secondsAfterNoOps,
              Duration.ofSeconds(props.alertTtl().secondsAfterNoOps()));
    } else {
      return Optional.empty();
    }
    return firstTime(
            status.opsStatus.completionTime,
            status.lastSeenTime,
            status.startTime,
            alert.getMetadata().getCreationTimestamp())
        .map(t -> t.plus(keep));
  }

  /**
   * When {@code diagnosis} may be deleted: only when it finished ({@code Completed} / {@code
   * Failed}) and its {@code spec.ttlStrategy} says how long to keep it, counted from {@code
   * status.completionTime}. The outcome-specific field wins over {@code secondsAfterCompletion}.
   */
  static Optional<Instant> diagnosisExpiry(AegisDiagnosis diagnosis) {
    if (diagnosis.getStatus() == null
        || diagnosis.getSpec() == null
        || diagnosis.getSpec().ttlStrategy == null) {
      return Optional.empty();
    }
    String phase = diagnosis.getStatus().phase;
    DiagnosisTtlStrategy ttl = diagnosis.getSpec().ttlStrategy;
    Integer seconds;
    if ("Completed".equals(phase)) {
      seconds =
          ttl.secondsAfterSuccess != null ? ttl.secondsAfterSuccess : ttl.secondsAfterCompletion;
    } else if ("Failed".equals(phase)) {
      seconds =
          ttl.secondsAfterFailure != null ? ttl.secondsAfterFailure : ttl.secondsAfterCompletion;
    } else {
      return Optional.empty();
    }
    if (seconds == null) {
      return Optional.empty();
    }
    return firstTime(diagnosis.getStatus().completionTime).map(t -> t.plusSeconds(seconds));
  }

  private static Duration seconds(Integer seconds, Duration fallback) {
    return seconds == null ? fallback : Duration.ofSeconds(Math.max(0, seconds));
  }

  /** The first of {@code times} that parses as RFC 3339. */
  static Optional<Instant> firstTime(String... times) {
    for (String t : times) {
      Optional<Instant> parsed = Timestamps.parse(t);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    return Optional.empty();
  }
}
