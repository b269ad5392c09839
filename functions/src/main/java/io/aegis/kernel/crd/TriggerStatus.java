package io.aegis.kernel.crd;

/**
 * Outcome of trying to start an ops workflow for an alert ({@code status.opsStatus.triggerStatus}).
 */
public enum TriggerStatus {
  RuleNotFound,
  TooManyRulesFound,
  TemplateNotFound,
  TemplateInvalid,
  TriggerFailed,
  Triggered,
  Skipped;

  /** True when no workflow was (or will be) started for the alert. */
  public boolean isNoOps() {
    return this != Triggered;
  }
}
