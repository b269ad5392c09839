package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The failing items of one node in a cluster check. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeCheckResults {
  @JsonPropertyDescription("Node name.")
  public String name;

  @JsonPropertyDescription("Failing items per module.")
  public Map<String, List<CheckItemResult>> resultInfos = new LinkedHashMap<>();
}
