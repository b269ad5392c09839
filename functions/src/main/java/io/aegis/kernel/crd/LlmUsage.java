package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What an LLM explanation cost. */
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
