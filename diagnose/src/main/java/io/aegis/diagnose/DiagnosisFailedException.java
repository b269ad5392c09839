package io.aegis.diagnose;

/**
 * A diagnosis that cannot succeed however often it is retried: the object does not exist, the kind
 * is not supported, the spec is invalid, diagnose may not read the object. It ends the diagnosis
 * {@code Failed} with {@link #getMessage()} as {@code errorResult}.
 */
public class DiagnosisFailedException extends RuntimeException {
  /** Condition reasons of diagnose's own failures, beside the kernel's {@code ConditionReasons}. */
  public static final String INVALID_SPEC = "InvalidSpec";

  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String ANALYSIS_FAILED = "AnalysisFailed";

  private final String reason;

  public DiagnosisFailedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DiagnosisFailedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The condition reason, e.g. {@code ObjectNotFound}. */
  public String reason() {
    return reason;
  }
}
