package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A one-shot health check of one node, run in a pod on that node. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisNodeHealthCheckSpec {
  @JsonPropertyDescription("The node to check.")
  public String node;

  @JsonPropertyDescription(
      "Selects the ConfigMaps of check rules, each mounted under /nodecheck/config/<name>.")
  public LabelSelector ruleConfigmapSelector;

  @JsonPropertyDescription("The check pod; exactly one container.")
  public PodTemplateSpec template;
}
