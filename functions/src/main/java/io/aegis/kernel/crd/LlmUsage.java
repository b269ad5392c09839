package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What an LLM explanation cost. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LlmUsage {
  @JsonPropertyDescription("Model that answered.")
  public String model;

  @JsonPropertyDescription("Prompt tokens.")
  public Integer inputTokens;

  @JsonPropertyDescription("Completion tokens.")
  public Integer outputTokens;

  @JsonPropertyDescription("Latency of the call in milliseconds.")
  public Long latencyMillis;

  @JsonPropertyDescription("True when the explanation came from the cache.")
  public Boolean cached;
}
