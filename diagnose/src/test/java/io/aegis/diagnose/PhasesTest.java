package io.aegis.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.kernel.crd.AegisDiagnosisStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhasesTest {
  static final Instant NOW = Instant.parse("2025-05-19T08:10:00Z");
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void startsWhenThereIsNoPhaseOrPending() {
    assertThat(Phases.decide(null, TIMEOUT, GRACE, NOW)).isEqualTo(Phases.Decision.START);
    assertThat(Phases.decide(status(null, null), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.START);
    assertThat(Phases.decide(status("Pending", null), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.START);
  }

  @Test
  void skipsFinishedDiagnoses() {
    assertThat(Phases.decide(status("Completed", "2025-05-19T07:00:00Z"), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.SKIP);
    assertThat(Phases.decide(status("Failed", "2025-05-19T07:00:00Z"), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.SKIP);
  }

  @Test
  void diagnosingIsLeftAloneUntilTimeoutAndGraceHavePassed() {
    assertThat(Phases.decide(status("Diagnosing", "2025-05-19T08:04:31Z"), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.SKIP);
    assertThat(Phases.decide(status("Diagnosing", "2025-05-19T08:04:29Z"), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.ABANDONED);
    assertThat(Phases.decide(status("Diagnosing", null), TIMEOUT, GRACE, NOW))
        .isEqualTo(Phases.Decision.ABANDONED);
  }

  private static AegisDiagnosisStatus status(String phase, String startTime) {
    AegisDiagnosisStatus s = new AegisDiagnosisStatus();
    s.phase = phase;
    s.startTime = startTime;
    return s;
  }
}
