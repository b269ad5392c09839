package io.aegis.kernel.kube;

/**
 * The {@code type} values of Aegis' conditions. One condition per type per object; {@link
 * Conditions#set} keeps it that way. Never write a condition type as a literal at a call site.
 */
public final class ConditionTypes {
  /** An alert's workflow was submitted (True) or could not be (False, with the reason why). */
  public static final String TRIGGERED = "Triggered";

  /** The work finished successfully: an alert's workflow, a diagnosis, a health check. */
  public static final String COMPLETE = "Complete";

  /** The work finished unsuccessfully: workflow failed or vanished, diagnosis or check failed. */
  public static final String FAILED = "Failed";

  /** A user-written rule or template was validated (True) or rejected (False). */
  public static final String VALID = "Valid";

  /**
   * A valid rule works only in part (True, with the reason why): e.g. its type regex gave up on an
   * alert type and counted as not matching. Removed once the cause is gone from the rule.
   */
  public static final String DEGRADED = "Degraded";

  /** The alerting condition was reported resolved. */
  public static final String RESOLVED = "Resolved";

  /**
   * The node an alert is about could not be determined (False, e.g. its pod is gone); set by
   * parse-alert only when the lookup failed.
   */
  public static final String NODE_KNOWN = "NodeKnown";

  private ConditionTypes() {}
}
