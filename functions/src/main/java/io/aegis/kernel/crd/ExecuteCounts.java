package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Success and failure counters (rule triggers, template executions). */
public class ExecuteCounts {
  @JsonPropertyDescription("How many succeeded.")
  public int succeeded;

  @JsonPropertyDescription("How many failed.")
  public int failed;
}
