package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** What to diagnose, and for how long. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisDiagnosisSpec {
  @JsonPropertyDescription("The object to diagnose.")
  public DiagnosisObject object;

  @Default("5m")
  @JsonPropertyDescription(
      "Give up after this long (Go-style duration such as 90s, 5m); default 5m.")
  public String timeout;

  @JsonPropertyDescription("How long the diagnosis is kept after it finished.")
  public DiagnosisTtlStrategy ttlStrategy;
}
