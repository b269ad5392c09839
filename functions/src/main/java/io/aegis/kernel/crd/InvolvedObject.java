package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Kubernetes object an alert is about. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class InvolvedObject {
  @JsonPropertyDescription("Kind of the object, e.g. Node or Pod.")
  public String kind;

  @JsonPropertyDescription("Name of the object.")
  public String name;

  @JsonPropertyDescription("Namespace of the object (required for Pods).")
  public String namespace;

  @JsonPropertyDescription("Node the object is on (the object itself for Nodes).")
  public String node;

  public InvolvedObject() {}

  public InvolvedObject(String kind, String name, String namespace, String node) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
    this.node = node;
  }
}
