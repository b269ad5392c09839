package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The workflow to run, as a template. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisOpsTemplateSpec {
  @JsonPropertyDescription(
      "An Argo Workflow in YAML, rendered per alert: FreeMarker square-bracket syntax ([=node]) or the"
          + " original's {{.node}}; shell ${VAR} and Argo {{...}} pass through untouched.")
  public String manifest;

  @JsonPropertyDescription("Accepted for compatibility with the Go original; unused.")
  public String generateName;

  @JsonPropertyDescription("Accepted for compatibility with the Go original; unused.")
  public String namespace;
}
