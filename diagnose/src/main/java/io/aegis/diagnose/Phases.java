package io.aegis.diagnose;

import io.aegis.diagnose.analyzer.Analysis;
import io.aegis.kernel.crd.AegisDiagnosisStatus;
import io.aegis.kernel.crd.Condition;
import io.aegis.kernel.crd.DiagnosisResult;
import io.aegis.kernel.kube.ConditionReasons;
import io.aegis.kernel.kube.ConditionTypes;
import io.aegis.kernel.kube.Conditions;
import io.aegis.kernel.kube.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The phase machine of {@code AegisDiagnosis.status}: {@code Pending} (or no phase) → {@code
 * Diagnosing} → {@code Completed} | {@code Failed}. Each method mutates a status for the {@link
 * io.aegis.kernel.kube.StatusWriter} and is a pure function of the status it is given (the writer
 * may apply it again after a conflict).
 */
final class Phases {
  static final String PENDING = "Pending";
  static final String DIAGNOSING = "Diagnosing";
  static final String COMPLETED = "Completed";
  static final String FAILED = "Failed";

  private Phases() {}

  /** What an event for a diagnosis in this state should do. */
  enum Decision {
    /** Not started: start it. */
    START,
    /** Diagnosing far past its timeout: the instance running it is gone; fail it. */
    ABANDONED,
    /** Diagnosing (elsewhere) or finished: nothing to do. */
    SKIP
  }

  static boolean startable(AegisDiagnosisStatus s) {
    return s == null || s.phase == null || s.phase.isBlank() || PENDING.equals(s.phase);
  }

  static Decision decide(AegisDiagnosisStatus s, Duration timeout, Duration grace, Instant now) {
    if (startable(s)) {
      return Decision.START;
    }
    if (DIAGNOSING.equals(s.phase)) {
      Optional<Instant> started = Timestamps.parse(s.startTime);
      if (started.isEmpty() || now.isAfter(started.get().plus(timeout).plus(grace))) {
        return Decision.ABANDONED;
      }
    }
    return Decision.SKIP;
  }

  /** Pending → Diagnosing, clearing anything left from an earlier attempt. */
  static void diagnosing(AegisDiagnosisStatus s, String startTime) {
    s.phase = DIAGNOSING;
    s.startTime = startTime;
    s.completionTime = null;
    s.result = null;
    s.explain = null;
    s.errorResult = null;
    s.llm = null;
  }

  /** Diagnosing → Pending: a transient failure gives the diagnosis back for a retry. */
  static void released(AegisDiagnosisStatus s) {
    s.phase = PENDING;
    s.startTime = null;
  }

  static void result(AegisDiagnosisStatus s, Analysis analysis) {
    DiagnosisResult result = new DiagnosisResult();
    result.status = analysis.health().name();
    result.failures = new ArrayList<>(analysis.failures());
    result.warnings = new ArrayList<>(analysis.warnings());
    result.infos = new ArrayList<>(analysis.infos());
    s.result = result;
  }

  static void completed(
      AegisDiagnosisStatus s, Analysis analysis, Explainer.Explanation explanation, Clock clock) {
    result(s, analysis);
    s.explain = explanation.text();
    s.llm = explanation.usage();
    s.phase = COMPLETED;
    s.completionTime = Timestamps.now(clock);
    s.errorResult = null;
    Conditions.set(
        conditions(s),
        ConditionTypes.COMPLETE,
        Conditions.TRUE,
        ConditionReasons.DIAGNOSED,
        analysis.health()
            + ": "
            + analysis.failures().size()
            + " failure(s), "
            + analysis.warnings().size()
            + " warning(s)",
        clock);
  }

  /** Ends the diagnosis Failed; {@code startTime} is set when it never started. */
  static void failed(AegisDiagnosisStatus s, String reason, String message, Clock clock) {
    String now = Timestamps.now(clock);
    if (s.startTime == null) {
      s.startTime = now;
    }
    s.phase = FAILED;
    s.completionTime = now;
    s.errorResult = message;
    Conditions.set(conditions(s), ConditionTypes.FAILED, Conditions.TRUE, reason, message, clock);
  }

  private static List<Condition> conditions(AegisDiagnosisStatus s) {
    if (s.conditions == null) {
      s.conditions = new ArrayList<>();
    }
    return s.conditions;
  }
}
