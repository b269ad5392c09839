package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How long a finished alert is kept, counted from its completion. Unset fields use the defaults.
 */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertTtlStrategy {
  @JsonPropertyDescription(
      "Seconds to keep the alert after its workflow succeeded (default 1 day).")
  public Integer secondsAfterSuccess;

  @JsonPropertyDescription("Seconds to keep the alert after its workflow failed (default 3 days).")
  public Integer secondsAfterFailure;

  @JsonPropertyDescription(
      "Seconds to keep an alert for which no workflow was started, e.g. RuleNotFound (default 1 day).")
  public Integer secondsAfterNoOps;

  @JsonPropertyDescription("Accepted for compatibility with the Go original; unused.")
  public Integer secondsAfterCompletion;
}
