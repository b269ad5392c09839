package io.aegis.kernel.crd;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.LinkedHashMap;
import java.util.Map;

/** What was alerted. Written only by Aegis (parse-alert). */
// Tolerate fields a newer Aegis may have written (rolling upgrades).
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AegisAlertSpec {
  @JsonPropertyDescription("Where the alert came from.")
  public AlertSource source;

  @JsonPropertyDescription("Alert type, e.g. NodeHasEmergencyEvent.")
  public String type;

  @JsonPropertyDescription("Severity, copied from the detail 'severity' when present.")
  public String severity;

  @JsonPropertyDescription("Firing or Resolved, as first reported.")
  public AlertStatus status;

  @JsonPropertyDescription("The object the alert is about.")
  public InvolvedObject involvedObject;

  /**
   * Alert details. The Go original spelled the key {@code detials}; it is accepted when reading and
   * {@code details} is always written.
   */
  @JsonAlias("detials")
  @JsonPropertyDescription("Free-form details of the alert (string to string).")
  public Map<String, String> details = new LinkedHashMap<>();

  @JsonPropertyDescription("Identity of the alert across deliveries; repeats deduplicate on it.")
  public String fingerprint;

  @JsonPropertyDescription("matchLabels = the alert's labels.")
  public LabelSelector selector;

  @JsonPropertyDescription("How long the alert is kept after it finished.")
  public AlertTtlStrategy ttlStrategy;
}
