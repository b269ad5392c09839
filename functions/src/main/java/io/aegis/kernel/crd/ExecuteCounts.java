package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Success and failure counters (rule triggers, template executions). */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ExecuteCounts {
  @JsonPropertyDescription("How many succeeded.")
  public int succeeded;

  @JsonPropertyDescription("How many failed.")
  public int failed;
}
