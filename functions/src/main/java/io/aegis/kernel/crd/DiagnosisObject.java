package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The object to diagnose. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosisObject {
  @JsonPropertyDescription("Node, Pod or PytorchJob.")
  public String kind;

  @JsonPropertyDescription("Name of the object.")
  public String name;

  @JsonPropertyDescription("Namespace of the object (Pods and PytorchJobs).")
  public String namespace;

  @JsonPropertyDescription("Accepted for compatibility with the Go original; unused.")
  public String node;
}
