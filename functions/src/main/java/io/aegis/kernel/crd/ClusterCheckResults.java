package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Aggregated failing items of a cluster check run. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterCheckResults {
  @JsonPropertyDescription("What was checked; Node.")
  public String checkType;

  @JsonPropertyDescription("One entry per node with failing items.")
  public List<NodeCheckResults> results = new ArrayList<>();
}
