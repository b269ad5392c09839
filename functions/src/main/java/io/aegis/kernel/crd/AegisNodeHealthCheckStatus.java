package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Progress and results of a node health check. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisNodeHealthCheckStatus {
  @JsonPropertyDescription("Pending, Checking, Succeeded, Failed or Unknown.")
  public String status;

  @JsonPropertyDescription("When the check pod was created (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the check finished (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Results per module, parsed from the pod's last results: block.")
  public Map<String, List<CheckItemResult>> results = new LinkedHashMap<>();

  @JsonPropertyDescription("Standard conditions, one per type.")
  public List<Condition> conditions = new ArrayList<>();
}
