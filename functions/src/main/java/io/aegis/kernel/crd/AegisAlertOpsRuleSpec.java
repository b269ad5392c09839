package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Which alerts a rule applies to, and the template it runs. */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisAlertOpsRuleSpec {
  @JsonPropertyDescription("The rule matches an alert when any of these conditions matches.")
  public List<AlertCondition> alertConditions = new ArrayList<>();

  @JsonPropertyDescription("Optional label selector over the alert's labels.")
  public LabelSelector selector;

  @JsonPropertyDescription("The AegisOpsTemplate to render; namespace defaults to the rule's.")
  public ObjectReference opsTemplate;

  @JsonPropertyDescription(
      "When several rules match, the highest priority wins; a tie is TooManyRulesFound. Default 0.")
  public Integer priority;
}
