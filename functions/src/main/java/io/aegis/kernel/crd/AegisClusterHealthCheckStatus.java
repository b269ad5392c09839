package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Progress and aggregated results of the current (or last) cluster check run. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisClusterHealthCheckStatus {
  @JsonPropertyDescription("Pending, Checking, Completed or Failed.")
  public String phase;

  @JsonPropertyDescription("Node checks in this run.")
  public Integer desired;

  @JsonPropertyDescription("Node checks still running.")
  public Integer active;

  @JsonPropertyDescription("Node checks that succeeded.")
  public Integer succeeded;

  @JsonPropertyDescription("Node checks that failed.")
  public Integer failed;

  @JsonPropertyDescription("When this run started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When this run finished (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("When the schedule last started a run (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription("Failing items per node.")
  public ClusterCheckResults checkResults;

  @JsonPropertyDescription("Standard conditions, one per type.")
  public List<Condition> conditions = new ArrayList<>();
}
