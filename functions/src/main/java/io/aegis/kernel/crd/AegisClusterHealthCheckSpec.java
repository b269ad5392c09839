package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A (possibly scheduled) health check of every node the pod template selects. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisClusterHealthCheckSpec {
  @JsonPropertyDescription("5-field cron schedule; empty runs once.")
  public String schedule;

  @Default("600")
  @JsonPropertyDescription("Seconds a run may take before unfinished node checks count as failed.")
  public Integer timeout;

  @JsonPropertyDescription("Selects the ConfigMaps of check rules.")
  public LabelSelector ruleConfigmapSelector;

  @JsonPropertyDescription("The check pod; its nodeSelector and tolerations choose the nodes.")
  public PodTemplateSpec template;
}
