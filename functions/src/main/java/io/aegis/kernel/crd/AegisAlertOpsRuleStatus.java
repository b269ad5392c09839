package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Validation result and counters of a rule. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisAlertOpsRuleStatus {
  @JsonPropertyDescription("Recorded once validated; Invalid otherwise (see message).")
  public String status;

  @JsonPropertyDescription("Why the rule is Invalid.")
  public String message;

  @JsonPropertyDescription("Workflows this rule triggered that succeeded / failed.")
  public ExecuteCounts triggerStatus;

  @JsonPropertyDescription("Standard conditions, one per type.")
  public List<Condition> conditions = new ArrayList<>();
}
