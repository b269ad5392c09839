package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One condition of a rule: an alert type (exact, or a regex over the whole type) and a status. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertCondition {
  @JsonPropertyDescription(
      "Alert type. Matches when equal to the alert type, or when it is a regular expression matching"
          + " the whole type (NodeCriticalIssue.* matches NodeCriticalIssueDisappeared).")
  public String type;

  @JsonPropertyDescription("Firing or Resolved (case-insensitive); empty matches both.")
  public String status;

  public AlertCondition() {}

  public AlertCondition(String type, String status) {
    this.type = type;
    this.status = status;
  }
}
