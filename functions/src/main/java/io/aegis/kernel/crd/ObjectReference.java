package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A reference to another object; the subset of {@code corev1.ObjectReference} that Aegis reads. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectReference {
  @JsonPropertyDescription("Kind of the referent, e.g. AegisOpsTemplate.")
  public String kind;

  @JsonPropertyDescription("API version of the referent, e.g. aegis.io/v1alpha1.")
  public String apiVersion;

  @JsonPropertyDescription("Namespace of the referent; defaults to the referrer's namespace.")
  public String namespace;

  @JsonPropertyDescription("Name of the referent.")
  public String name;

  @JsonPropertyDescription("UID of the referent (informational).")
  public String uid;

  public ObjectReference() {}

  public ObjectReference(String kind, String apiVersion, String namespace, String name) {
    this.kind = kind;
    this.apiVersion = apiVersion;
    this.namespace = namespace;
    this.name = name;
  }
}
