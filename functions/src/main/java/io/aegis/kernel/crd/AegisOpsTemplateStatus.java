package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Validation result and execution counters of a template. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisOpsTemplateStatus {
  @JsonPropertyDescription("Recorded when the manifest parses; Invalid otherwise (see message).")
  public String status;

  @JsonPropertyDescription("Why the template is Invalid, or the last render warning.")
  public String message;

  @JsonPropertyDescription("Renders that produced a workflow (succeeded) or failed (failed).")
  public ExecuteCounts executeStatus;

  @JsonPropertyDescription("Standard conditions, one per type.")
  public List<Condition> conditions = new ArrayList<>();
}
