package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Aggregated failing items of a cluster check run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterCheckResults {
  @JsonPropertyDescription("What was checked; Node.")
  public String checkType;

  @JsonPropertyDescription("One entry per node with failing items.")
  public List<NodeCheckResults> results = new ArrayList<>();
}
