package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Progress and result of a diagnosis. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisDiagnosisStatus {
  @JsonPropertyDescription("Pending, Diagnosing, Completed or Failed.")
  public String phase;

  @JsonPropertyDescription("When diagnosing started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the diagnosis finished (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Deterministic findings.")
  public DiagnosisResult result;

  @JsonPropertyDescription("Explanation: the LLM's, or a deterministic summary without one.")
  public String explain;

  @JsonPropertyDescription("Why the diagnosis Failed.")
  public String errorResult;

  @JsonPropertyDescription("Model, tokens and latency of the LLM explanation, when one was asked.")
  public LlmUsage llm;

  @JsonPropertyDescription("Standard conditions, one per type.")
  public List<Condition> conditions = new ArrayList<>();
}
