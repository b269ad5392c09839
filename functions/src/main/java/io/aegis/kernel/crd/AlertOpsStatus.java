package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The ops side of an alert: which rule and template ran, and how the workflow is doing. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertOpsStatus {
  @JsonPropertyDescription("Outcome of matching and submitting: Triggered, RuleNotFound, ...")
  public TriggerStatus triggerStatus;

  @JsonPropertyDescription("Workflow progress: Pending, Running, Succeeded or Failed.")
  public OpsStatus alertOpsStatus;

  @JsonPropertyDescription("When the workflow started running (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the workflow finished, or when triggering gave up (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Workflows started for this alert.")
  public Integer total;

  @JsonPropertyDescription("Workflows running.")
  public Integer active;

  @JsonPropertyDescription("Workflows that succeeded.")
  public Integer succeeded;

  @JsonPropertyDescription("Workflows that failed.")
  public Integer failed;

  @JsonPropertyDescription("Name of the workflow (same namespace as the alert).")
  public String workflow;

  @JsonPropertyDescription("namespace/name of the matched AegisAlertOpsRule.")
  public String rule;

  @JsonPropertyDescription("namespace/name of the AegisOpsTemplate that was rendered.")
  public String template;

  @JsonPropertyDescription("Why the alert is in this state, in words.")
  public String message;
}
