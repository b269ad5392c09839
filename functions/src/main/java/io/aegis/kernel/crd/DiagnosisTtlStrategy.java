package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How long a finished diagnosis is kept, counted from its completion. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosisTtlStrategy {
  @JsonPropertyDescription("Seconds to keep the diagnosis after it finished, whatever the outcome.")
  public Integer secondsAfterCompletion;

  @JsonPropertyDescription("Seconds to keep a Completed diagnosis.")
  public Integer secondsAfterSuccess;

  @JsonPropertyDescription("Seconds to keep a Failed diagnosis.")
  public Integer secondsAfterFailure;
}
