package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Deterministic findings of a diagnosis. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosisResult {
  @JsonPropertyDescription("Healthy, Unhealthy or Unknown.")
  public String status;

  @JsonPropertyDescription("Problems that need action.")
  public List<String> failures = new ArrayList<>();

  @JsonPropertyDescription("Things that look wrong but may be benign.")
  public List<String> warnings = new ArrayList<>();

  @JsonPropertyDescription("Context: log tails, collector output, counts.")
  public List<String> infos = new ArrayList<>();
}
