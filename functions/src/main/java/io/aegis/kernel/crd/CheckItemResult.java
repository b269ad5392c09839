package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One checked item, as printed by the check script in its {@code results:} block. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckItemResult {
  @JsonPropertyDescription("What was checked.")
  public String item;

  @JsonPropertyDescription("The condition the item reports.")
  public String condition;

  @JsonPropertyDescription("Severity level, e.g. critical or warning.")
  public String level;

  @JsonPropertyDescription(
      "True when the condition holds, i.e. the check found the problem (as in the Go original);"
          + " false when the item passed.")
  public Boolean status;

  @JsonPropertyDescription("Details.")
  public String message;
}
