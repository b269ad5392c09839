package io.aegis.kernel.kube;

/**
 * The {@code reason} values of Aegis' conditions (CamelCase, machine-readable). The trigger
 * outcomes equal the {@code status.opsStatus.triggerStatus} values of the same name so that {@code
 * kubectl} shows one vocabulary. Never write a reason as a literal at a call site.
 */
public final class ConditionReasons {
  // Triggering an alert (condition Triggered).
  public static final String RULE_NOT_FOUND = "RuleNotFound";
  public static final String TOO_MANY_RULES_FOUND = "TooManyRulesFound";
  public static final String TEMPLATE_NOT_FOUND = "TemplateNotFound";
  public static final String TEMPLATE_INVALID = "TemplateInvalid";
  public static final String TRIGGER_FAILED = "TriggerFailed";
  public static final String WORKFLOW_SUBMITTED = "WorkflowSubmitted";
  public static final String SKIPPED = "Skipped";

  // Following the workflow (conditions Complete / Failed).
  public static final String WORKFLOW_SUCCEEDED = "WorkflowSucceeded";
  public static final String WORKFLOW_FAILED = "WorkflowFailed";
  public static final String WORKFLOW_ERROR = "WorkflowError";
  public static final String WORKFLOW_DELETED = "WorkflowDeleted";
  public static final String WORKFLOW_NOT_FOUND = "WorkflowNotFound";

  // Alert lifecycle.
  public static final String ALERT_RESOLVED = "AlertResolved";
  public static final String TTL_EXPIRED = "TtlExpired";

  // Finding an alert's node (condition NodeKnown), set by parse-alert.
  public static final String POD_NOT_FOUND = "PodNotFound";
  public static final String POD_NOT_SCHEDULED = "PodNotScheduled";
  public static final String POD_LOOKUP_FAILED = "PodLookupFailed";

  // Rules and templates (condition Valid).
  public static final String RECORDED = "Recorded";
  public static final String INVALID = "Invalid";

  /** A rule's type regex took too many steps on an alert type (condition Degraded). */
  public static final String REGEX_GAVE_UP = "RegexGaveUp";

  // Diagnoses and health checks (conditions Complete / Failed).
  public static final String DIAGNOSED = "Diagnosed";
  public static final String UNSUPPORTED_KIND = "UnsupportedKind";
  public static final String OBJECT_NOT_FOUND = "ObjectNotFound";
  public static final String TIMED_OUT = "TimedOut";
  public static final String CHECK_SUCCEEDED = "CheckSucceeded";
  public static final String CHECK_FAILED = "CheckFailed";

  private ConditionReasons() {}
}
