package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an alert episode. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisAlertStatus {
  @JsonPropertyDescription("Firing or Resolved, as last reported.")
  public AlertStatus status;

  @JsonPropertyDescription("Deliveries of this episode (1 at creation, +1 per repeat).")
  public Integer count;

  @JsonPropertyDescription("When the episode was first recorded (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the alert was last delivered (RFC 3339).")
  public String lastSeenTime;

  @JsonPropertyDescription("When a Resolved notification was recorded (RFC 3339).")
  public String resolvedTime;

  @JsonPropertyDescription(
      "Ids of the last CloudEvent deliveries counted (bounded), so a redelivered event is not"
          + " counted twice.")
  public List<String> recentDeliveries;

  @JsonPropertyDescription("Standard conditions, one per type.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Rule, template and workflow progress.")
  public AlertOpsStatus opsStatus;
}
